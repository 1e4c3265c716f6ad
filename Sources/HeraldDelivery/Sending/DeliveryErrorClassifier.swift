import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Names the cause of a failed request from the type of the error the transport threw:
/// ``TransportError``, NIO's connection and channel errors,
/// `IOError`'s errno, and NIOSSL's errors. Only the message shown to the operator quotes the error; the kind never depends on
/// its text.
enum DeliveryErrorClassifier {
    /// The kind of failure and a sentence about it.
    static func classify(_ error: any Error) -> (DeliveryErrorKind, String) {
        switch error {
        case let error as TransportError:
            return classify(error)
        case let error as NIOConnectionError:
            // Every address was tried: the first connection error says why (they rarely differ).
            if let first = error.connectionErrors.first {
                return classify(first.error)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return (.dnsFailure, "the host name did not resolve: \(quoted(error))")
            }
            return (.other, quoted(error))
        case let error as IOError:
            return classify(errno: error.errnoCode, error)
        case let error as ChannelError:
            return classify(error)
        case let error as NIOSSLError:
            if case .uncleanShutdown = error {
                return (.connectionClosed, "the endpoint closed the TLS connection without a close_notify")
            }
            return (.tlsFailure, "TLS failed: \(quoted(error))")
        case is NIOSSLExtraError, is BoringSSLError:
            return (.tlsFailure, "TLS failed: \(quoted(error))")
        case is HTTPParserError:
            return (.other, "the answer is not valid HTTP: \(quoted(error))")
        case is NIOTooManyBytesError:
            return (.other, "the answer's head is too large")
        default:
            return (.other, quoted(error))
        }
    }

    private static func classify(_ error: TransportError) -> (DeliveryErrorKind, String) {
        switch error {
        case .deadlineExceeded:
            return (.timeout, "no answer within the request timeout")
        case .closedBeforeAnswer, .closedDuringAnswer:
            return (.connectionClosed, error.description)
        }
    }

    private static func classify(_ error: ChannelError) -> (DeliveryErrorKind, String) {
        switch error {
        case .connectTimeout:
            return (.timeout, "no connection within the connect timeout")
        case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
            return (.connectionClosed, "the connection closed before an answer")
        default:
            return (.other, quoted(error))
        }
    }

    private static func classify(errno code: CInt, _ error: IOError) -> (DeliveryErrorKind, String) {
        switch code {
        case ECONNREFUSED:
            return (.connectionRefused, "connection refused")
        case ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED:
            return (.connectionClosed, "the connection closed before an answer: \(quoted(error))")
        case ETIMEDOUT:
            return (.timeout, "the connection timed out")
        case EHOSTUNREACH, ENETUNREACH:
            return (.other, "the address is unreachable: \(quoted(error))")
        default:
            return (.other, quoted(error))
        }
    }

    /// The error as text for the operator, bounded.
    private static func quoted(_ error: any Error) -> String {
        String(String(describing: error).prefix(300))
    }
}

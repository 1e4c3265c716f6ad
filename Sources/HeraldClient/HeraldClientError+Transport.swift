import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

extension HeraldClientError {
    /// The error for a request that got no answer from `server`:
    /// `cannot reach Herald at <server>: <reason>`.
    static func transport(_ error: any Error, server: String) -> HeraldClientError {
        if let error = error as? HTTPClientError, Self.isRequestProblem(error) {
            return HeraldClientError(status: 0, code: Code.invalidRequest, message: "cannot send a request to Herald at \(server): \(error)")
        }
        return HeraldClientError(status: 0, code: Code.unreachable, message: "cannot reach Herald at \(server): \(reason(error))")
    }

    /// Errors about the URL or the request itself, not about the network.
    private static func isRequestProblem(_ error: HTTPClientError) -> Bool {
        [HTTPClientError.invalidURL, .emptyHost, .emptyScheme, .missingSocketPath].contains(error)
            || String(describing: error).contains("unsupportedScheme")
    }

    /// A short lowercase phrase for a transport failure, e.g. `connection refused`.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            return errnoPhrase(error.errnoCode)
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first {
                return reason(failure.error)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "cannot resolve host '\(error.host)'"
            }
            return "connection failed"
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return "connection timed out"
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed, .inputClosed: return "the connection was closed"
            default: return String(describing: error)
            }
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout: return "connection timed out"
            case .deadlineExceeded: return "no answer within the request timeout"
            case .readTimeout: return "timed out waiting for the answer"
            case .writeTimeout: return "timed out sending the request"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .cancelled: return "the request was cancelled"
            case .tlsHandshakeTimeout: return "TLS handshake timed out"
            default: return String(describing: error)
            }
        case is CancellationError:
            return "the request was cancelled"
        default:
            return String(describing: error)
        }
    }

    /// `Connection refused` → `connection refused`.
    private static func errnoPhrase(_ code: CInt) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first else { return "error \(code)" }
        return first.lowercased() + text.dropFirst()
    }
}

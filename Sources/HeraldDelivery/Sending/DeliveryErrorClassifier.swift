import AsyncHTTPClient
import NIOCore

/// Names the cause of a failed request from the HTTP client's error.
enum DeliveryErrorClassifier {
    static func classify(_ error: any Error) -> (DeliveryErrorKind, String) {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout:
                return (.timeout, "no answer within the request timeout")
            case .remoteConnectionClosed:
                return (.connectionClosed, "the endpoint closed the connection before answering")
            default:
                break
            }
        }
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("connection refused") || lowered.contains("econnrefused") || lowered.contains("connectionrefused") {
            return (.connectionRefused, "connection refused")
        }
        if lowered.contains("timeout") || lowered.contains("timed out") || lowered.contains("deadline") {
            return (.timeout, "no answer within the request timeout")
        }
        if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("handshake") || lowered.contains("certificate") {
            return (.tlsFailure, "TLS failed: \(text.prefix(200))")
        }
        if lowered.contains("reset") || lowered.contains("closed") || lowered.contains("eof") || lowered.contains("broken pipe") {
            return (.connectionClosed, "the connection closed before an answer: \(text.prefix(200))")
        }
        if lowered.contains("dns") || lowered.contains("resolve") || lowered.contains("host") && lowered.contains("lookup") {
            return (.dnsFailure, "the host name did not resolve: \(text.prefix(200))")
        }
        return (.other, String(text.prefix(300)))
    }
}

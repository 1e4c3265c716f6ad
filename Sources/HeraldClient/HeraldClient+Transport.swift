import AsyncHTTPClient
import Foundation
import HeraldAPI
import NIOCore
import NIOHTTP1

extension HeraldClient {
    /// The status and body of an answer, whatever its status.
    struct RawResponse: Sendable {
        /// The HTTP status.
        var status: Int
        /// The whole body.
        var body: [UInt8]
    }

    /// Sends `request` and returns the answer; throws only when no complete answer arrived.
    func perform(_ request: APIRequest) async throws(HeraldClientError) -> RawResponse {
        var http = HTTPClientRequest(url: url(for: request))
        switch request.method {
        case .get: http.method = .GET
        case .post: http.method = .POST
        case .patch: http.method = .PATCH
        case .delete: http.method = .DELETE
        }
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: "herald-client")
        if request.authorized {
            http.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        for header in request.headers {
            http.headers.add(name: header.name, value: header.value)
        }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(body)
        }

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(http, timeout: TimeAmount(timeout))
        } catch {
            throw HeraldClientError.transport(error, server: baseURL)
        }
        let status = Int(response.status.code)
        do {
            let buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return RawResponse(status: status, body: Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            throw HeraldClientError(
                status: status,
                code: HeraldClientError.Code.responseTooLarge,
                message: "the answer from Herald at \(baseURL) is larger than \(Self.maximumResponseBytes) bytes"
            )
        } catch {
            throw HeraldClientError.transport(error, server: baseURL)
        }
    }

    /// Sends `request` and decodes a 2xx answer's body as `Output`; any other status throws
    /// the server's error.
    func send<Output: Decodable>(_ request: APIRequest, as output: Output.Type = Output.self) async throws(HeraldClientError) -> Output {
        let response = try await perform(request)
        guard (200..<300).contains(response.status) else {
            throw HeraldClientError(status: response.status, responseBody: response.body)
        }
        do {
            return try APICoding.decode(Output.self, from: response.body)
        } catch {
            throw HeraldClientError(
                status: response.status,
                code: HeraldClientError.Code.invalidResponse,
                message: "unexpected answer from Herald at \(baseURL) for \(request.method.rawValue) /\(request.path.joined(separator: "/")): \(error)"
            )
        }
    }

    /// Sends `request` and expects a 2xx answer whose body does not matter (e.g. 204).
    func sendExpectingNoContent(_ request: APIRequest) async throws(HeraldClientError) {
        let response = try await perform(request)
        guard (200..<300).contains(response.status) else {
            throw HeraldClientError(status: response.status, responseBody: response.body)
        }
    }

    /// `value` encoded as a request body with ``HeraldAPI/APICoding``.
    func encodeBody<Input: Encodable>(_ value: Input) throws(HeraldClientError) -> [UInt8] {
        do {
            return Array(try APICoding.encoder().encode(value))
        } catch {
            throw HeraldClientError(status: 0, code: HeraldClientError.Code.invalidRequest, message: "cannot encode the request body: \(error)")
        }
    }
}

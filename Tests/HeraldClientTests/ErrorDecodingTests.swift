import HeraldAPI
import HeraldClient
import Testing

@Suite("Error bodies")
struct ErrorDecodingTests {
    @Test("an API error document gives its code and message")
    func apiError() {
        let body = Array(#"{"error":{"code":"validation_failed","message":"name: must not be empty"}}"#.utf8)
        let error = HeraldClientError(status: 422, responseBody: body)
        #expect(error == HeraldClientError(status: 422, code: "validation_failed", message: "name: must not be empty"))
        #expect(error.description == "name: must not be empty (validation_failed, HTTP 422)")
    }

    @Test("a body that is not an error document gives http_<status> and its first line")
    func textBody() {
        let error = HeraldClientError(status: 502, responseBody: Array("  Bad gateway: upstream down \n<html>…</html>".utf8))
        #expect(error.status == 502)
        #expect(error.code == "http_502")
        #expect(error.message == "Bad gateway: upstream down")
    }

    @Test("JSON that is not an error document is not taken for one")
    func otherJSON() {
        let error = HeraldClientError(status: 500, responseBody: Array(#"{"message":"boom"}"#.utf8))
        #expect(error.code == "http_500")
    }

    @Test("an empty or binary body gives the status's meaning")
    func emptyBody() {
        #expect(HeraldClientError(status: 503, responseBody: []).message == "Herald answered HTTP 503 Service Unavailable")
        #expect(HeraldClientError(status: 404, responseBody: [0xFF, 0xFE]).message == "Herald answered HTTP 404 Not Found")
    }

    @Test("a long body is cut")
    func longBody() {
        let error = HeraldClientError(status: 500, responseBody: Array(String(repeating: "x", count: 1000).utf8))
        #expect(error.message.count == 201)
    }
}

@testable import HeraldServer
import HeraldTestSupport
import Testing

/// The patterns the server checks fields against, on values either side of each line.
@Suite("API patterns")
struct APIPatternsTests {
    private func expect(_ pattern: APIPattern, accepts accepted: [String], refuses refused: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in accepted { #expect(pattern.matches(text), "should accept \(text.debugDescription)", sourceLocation: sourceLocation) }
        for text in refused { #expect(!pattern.matches(text), "should refuse \(text.debugDescription)", sourceLocation: sourceLocation) }
    }

    @Test("a whole match is needed: a final newline, which ICU's $ lets through, is refused")
    func wholeMatch() {
        expect(APIPatterns.eventTypeName, accepts: ["order.created", "a", "A_1.b2"], refuses: ["order.created\n", "", ".a", "a.", "a..b", "a b", "ordér"])
    }

    @Test("uids, idempotency keys and cursors")
    func identifiers() {
        expect(APIPatterns.applicationUID, accepts: ["acme", "a.b-c_d", String(repeating: "x", count: 256)], refuses: ["", "a b", String(repeating: "x", count: 257)])
        expect(APIPatterns.applicationIDPrefix, accepts: ["app_", "app_x\n"], refuses: ["ap_", "xapp_"])
        expect(APIPatterns.idempotencyKey, accepts: ["k", "3f1c9a0e-order-123", "a b", String(repeating: "~", count: 255)],
               refuses: ["", " k", "k ", "k\n", "ké", "\t", String(repeating: "k", count: 256)])
        let cursor = Pagination.encode("app_01M94QMBHXAVF3ZP7TC8Z9BEYK") ?? "missing"
        expect(APIPatterns.cursor, accepts: ["", cursor, "YzE6eA", "YzE6eHk", "YzE6eHl6"], refuses: ["YzE6", "YzE6e", "YzE6eB", "YzE6eHl", "c1:x", "YzE6eA=="])
    }

    @Test("secrets: canonical padded Base64 of 24 to 64 bytes")
    func secrets() {
        let bytes24 = String(repeating: "AAAA", count: 8), bytes64 = String(repeating: "AAAA", count: 21) + "AA=="
        expect(APIPatterns.webhookSecret, accepts: ["whsec_" + bytes24, "whsec_" + bytes64, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_" + bytes24 + "AAA="],
               refuses: ["whsec_" + String(repeating: "AAAA", count: 7) + "AAA=", "whsec_" + String(repeating: "AAAA", count: 21) + "AAA=",
                         "whsec_" + bytes24 + "AB==", "whsec_" + bytes24 + "AAB=", "whsk_" + bytes24, "whsec_" + bytes24 + "A"])
    }

    @Test("retry delays up to 7 days, without leading zeros")
    func retryDelays() {
        expect(APIPatterns.retryDelay, accepts: ["0", "5", "5s", "604800", "604800s", "10080m", "168h", "7d", "0d"],
               refuses: ["604801", "10081m", "169h", "8d", "05s", "5x", "", "-5s", "106751991167301d"])
    }

    @Test("endpoint URLs: http(s), a name or address, a port, RFC 3986 path and query")
    func urls() {
        expect(APIPatterns.endpointURL,
               accepts: ["https://example.com", "http://example.com/", "HTTPS://a.b-c.example:8443/hooks/x?y=1&z=%20", "http://127.0.0.1:8080/h",
                         "http://[::1]:9/", "http://[2001:db8::ffff:192.0.2.1]/", "https://x/~a/b;c=d@e!$'()*+,", "http://a1.b2.com:65535"],
               refuses: ["ftp://example.com", "https://", "https://user:pw@example.com", "https://example.com/#frag", "https://example.com:0",
                         "https://example.com:65536", "https://ex ample.com", "https://1.2.3", "https://256.1.1.1", "https://01.1.1.1",
                         "https://[::1%eth0]/", "https://[:::]/", "https://example.com/ä", "https://-a.com", "https://a-.com", "https://example.com/\n"])
    }

    @Test("endpoint headers: token names, Herald's own refused in any case, one-line ASCII values")
    func headers() {
        expect(APIPatterns.headerName, accepts: ["X-Tenant", "a", "!#$%&'*+-.^_`|~"], refuses: ["", "a b", "a:b", "é"])
        expect(APIPatterns.reservedHeaderName, accepts: ["Webhook-Id", "webhook-anything", "CONTENT-TYPE", "Host", "x-webhook-version", "Connection"],
               refuses: ["X-Host", "webhook", "content-types", "x-webhook"])
        expect(APIPatterns.headerValue, accepts: ["", "eu-1", "a\tb c"], refuses: ["a\nb", "a\rb", "é", "\u{0}"])
    }
}

import Testing
import HeraldJSON

@Suite("JSONParser performance")
struct JSONParserPerformanceTests {
    /// An array of event-like objects of at least 1 MiB.
    static func oneMebibyteDocument() -> (bytes: [UInt8], count: Int) {
        var text = "["
        var count = 0
        while text.utf8.count < 1 << 20 {
            if count > 0 { text += "," }
            text += #"{"id":\#(count),"type":"order.created","price":\#(count % 997).25,"tags":["a","b\n"],"#
            text += #""active":true,"customer":{"email":"user\#(count)@example.com","name":"Zoë \"Z\" Ünal"},"#
            text += #""note":"a somewhat longer string with plain ASCII text to scan quickly","ratio":-1.5e-3,"x":null}"#
            count += 1
        }
        text += "]"
        return (Array(text.utf8), count)
    }

    @Test("parses a 1 MiB document (well under 50 ms in release builds)")
    func oneMebibyte() throws {
        let document = Self.oneMebibyteDocument()
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000)
        var value = JSONValue.null
        let runs = 5
        for _ in 0..<runs {
            let elapsed = try clock.measure {
                value = try JSONParser.parse(document.bytes)
            }
            best = min(best, elapsed)
        }
        #expect(value.arrayValue?.count == document.count)
        #expect(value[index: 3]?[key: "customer"]?[key: "name"] == "Zoë \"Z\" Ünal")
        let milliseconds = Double(best.components.attoseconds) / 1e15 + Double(best.components.seconds) * 1e3
        print("JSONParser: \(document.bytes.count) bytes parsed in \(milliseconds) ms (best of \(runs))")
        #if !DEBUG
        #expect(milliseconds < 50)
        #endif
    }
}

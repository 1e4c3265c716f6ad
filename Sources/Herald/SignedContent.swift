import Crypto
import Foundation

/// The bytes every Standard Webhooks signature covers: `{id}.{timestamp}.{body}`.
enum SignedContent {
    /// HMAC-SHA256 of the signed content, fed piece by piece so the body is never copied.
    static func hmac<Body: DataProtocol>(keyedMAC: HMAC<SHA256>, id: String, timestamp: String, body: Body) -> HMAC<SHA256>.MAC {
        var mac = keyedMAC
        update(&mac, id)
        update(&mac, ".")
        update(&mac, timestamp)
        update(&mac, ".")
        mac.update(data: body)
        return mac.finalize()
    }

    /// The signed content as one buffer, which Ed25519 needs.
    static func bytes<Body: DataProtocol>(id: String, timestamp: String, body: Body) -> [UInt8] {
        var content = [UInt8]()
        content.reserveCapacity(id.utf8.count + timestamp.utf8.count + 2 + body.count)
        content.append(contentsOf: id.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: timestamp.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: body)
        return content
    }

    private static func update(_ mac: inout HMAC<SHA256>, _ text: String) {
        var text = text
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
    }
}

/// One `version,base64` entry of a `webhook-signature` header, as a range of the header's bytes.
struct SignatureEntry {
    /// The versions this library checks; entries of any other version are ignored.
    enum Version: Equatable {
        case v1
        case v1a
        case unknown
    }

    let version: Version
    /// Where the Base64 signature lies in the header bytes.
    let value: Range<Int>

    /// The longest header value read; a longer one is refused before any parsing work.
    static let maximumHeaderBytes = 8192

    /// Splits and checks a header value. Unknown versions are kept (as `.unknown`) but not
    /// decoded; a known version whose value is not Base64 of the right length is an error.
    static func parseHeader(_ header: UnsafeBufferPointer<UInt8>) throws(WebhookVerificationError) -> [SignatureEntry] {
        guard header.count <= maximumHeaderBytes else {
            throw WebhookVerificationError(.malformedSignature, "webhook-signature is \(header.count) bytes long; at most \(maximumHeaderBytes) are read")
        }
        var entries = [SignatureEntry]()
        var start = 0
        var position = 0
        while start < header.count {
            var end = start
            while end < header.count, header[end] != UInt8(ascii: " ") { end += 1 }
            if end > start {
                position += 1
                entries.append(try parseEntry(header, start..<end, position: position))
            }
            start = end + 1
        }
        guard !entries.isEmpty else {
            throw WebhookVerificationError(.missingHeader, "webhook-signature is empty")
        }
        return entries
    }

    private static func parseEntry(_ header: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, position: Int) throws(WebhookVerificationError) -> SignatureEntry {
        guard let comma = header[range].firstIndex(of: UInt8(ascii: ",")) else {
            throw WebhookVerificationError(.malformedSignature, "entry \(position) of webhook-signature has no ',' between version and signature")
        }
        let versionBytes = UnsafeBufferPointer(rebasing: header[range.lowerBound..<comma])
        let value = comma + 1..<range.upperBound
        guard !versionBytes.isEmpty else {
            throw WebhookVerificationError(.malformedSignature, "entry \(position) of webhook-signature has no version before ','")
        }
        guard !value.isEmpty else {
            throw WebhookVerificationError(.malformedSignature, "entry \(position) of webhook-signature has nothing after ','")
        }
        let version: Version
        if versionBytes.elementsEqual("v1".utf8) {
            version = .v1
        } else if versionBytes.elementsEqual("v1a".utf8) {
            version = .v1a
        } else {
            return SignatureEntry(version: .unknown, value: value)
        }
        let entry = SignatureEntry(version: version, value: value)
        let decodedLength = entry.withDecoded(header) { $0?.count }
        guard let decodedLength else {
            throw WebhookVerificationError(.malformedSignature, "entry \(position) of webhook-signature is not valid Base64")
        }
        guard decodedLength == entry.expectedLength else {
            throw WebhookVerificationError(.malformedSignature, "entry \(position) of webhook-signature decodes to \(decodedLength) bytes; a \(version == .v1 ? "v1" : "v1a") signature has \(entry.expectedLength)")
        }
        return entry
    }

    /// The byte count of a signature of this entry's version.
    var expectedLength: Int { version == .v1a ? 64 : 32 }

    /// Decodes the signature into a stack buffer and passes it (nil when not Base64) to `body`.
    func withDecoded<Result>(_ header: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        let text = UnsafeBufferPointer(rebasing: header[value])
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count / 4 * 3 + 3) { output in
            guard let count = Base64.decode(text, into: output) else { return body(nil) }
            return body(UnsafeBufferPointer(rebasing: output[0..<count]))
        }
    }
}

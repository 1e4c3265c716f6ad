extension JSONValue {
    /// Compact JSON text (no insignificant whitespace) for this value.
    ///
    /// Numbers are written with their stored text, object members in their
    /// stored order (duplicates included), and strings escape `"`, `\` and the
    /// control characters U+0000 to U+001F; everything else is written as UTF-8.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``serialized()``.
    public func serializedBytes() -> [UInt8] {
        var writer = JSONTextWriter()
        writer.write(self)
        return writer.bytes
    }
}

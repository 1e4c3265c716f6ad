import Foundation

/// Reads the whole of standard input as bytes, exactly as given (no newline trimming).
enum StandardInput {
    static func readAll() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }
}

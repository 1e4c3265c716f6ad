import ArgumentParser
import Foundation

/// Prints one line to standard error and ends the command with `code`.
func fail(_ message: String, code: Int32 = 2) -> ExitCode {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    return ExitCode(code)
}

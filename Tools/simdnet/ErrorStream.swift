import Foundation

/// Standard error, unbuffered: error lines and the progress line go here so
/// that stdout holds only the command's result (a report, predictions).
enum ErrorStream {
  static func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Whether standard error is a terminal, where a progress line that
  /// rewrites itself makes sense; in a log file it would be noise.
  static var isTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) != 0 }
}

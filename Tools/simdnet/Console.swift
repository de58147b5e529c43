import SIMDNetTool

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output and standard error, every write checked: all the tool
/// prints goes through here.
///
/// `FileHandle.write` traps when a write fails, and `print` ignores the
/// failure, so that a full disk or a closed terminal either kills the tool
/// with a signal or loses its output with exit status 0. Here a failed write
/// to stdout is a `ToolError`, which stops the command with exit status 1,
/// and a failed write to stderr is remembered so that the process still
/// exits non-zero, having nowhere left to say why.
enum Console {
  /// Whether a write to stderr has failed.
  nonisolated(unsafe) private(set) static var errorWriteFailed = false
  /// What stdout has been given but not yet written.
  nonisolated(unsafe) private static var pending: [UInt8] = []
  /// On a terminal each line shows as it is printed, as C's stdio does;
  /// elsewhere output is written in large pieces.
  private static let isTerminal = isatty(STDOUT_FILENO) != 0
  private static let bufferSize = 1 << 16

  /// Writes `text` to stdout: the command's result (a report,
  /// predictions), never messages.
  static func write(_ text: String) throws(ToolError) {
    pending.append(contentsOf: text.utf8)
    if isTerminal || pending.count >= bufferSize { try flush() }
  }

  /// Writes `line` and a newline to stdout.
  static func print(_ line: String = "") throws(ToolError) { try write(line + "\n") }

  /// Writes out what stdout has been given; a full disk shows here if not
  /// before.
  static func flush() throws(ToolError) {
    let code = pending.withUnsafeBytes { FileDescriptor.writeAll($0, to: STDOUT_FILENO) }
    pending.removeAll(keepingCapacity: true)
    if code != 0 {
      throw ToolError(
        "cannot write to standard output: \(FileReader.describeErrno(code, reading: false))")
    }
  }

  /// Writes `text` to stderr at once, unbuffered, so that error lines and
  /// the progress line show as they happen.
  static func writeError(_ text: String) {
    var text = text
    if text.withUTF8({ FileDescriptor.writeAll(UnsafeRawBufferPointer($0), to: STDERR_FILENO) })
      != 0
    {
      errorWriteFailed = true
    }
  }

  /// Whether stderr is a terminal, where a progress line that rewrites
  /// itself makes sense; in a log file it would be noise.
  static var errorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

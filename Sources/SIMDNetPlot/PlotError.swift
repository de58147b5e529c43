/// Why a figure cannot be drawn: an option out of range, or data the
/// figure cannot place (`file` names the data's file).
///
/// The tool turns it into its own error, with the same message and file.
public struct PlotError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What is wrong: one line, no trailing period.
  public var message: String
  /// The file the data came from, when the data is what is wrong.
  public var file: String?

  public init(_ message: String, file: String? = nil) {
    self.message = message
    self.file = file
  }

  /// `file: message`, or the message alone.
  public var description: String {
    (file.map { $0 + ": " } ?? "") + message
  }
}

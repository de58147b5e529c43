/// What went wrong, and where, as the tool tells its user: one line such as
/// `data/or.csv:3: expected 3 fields, found 2`.
///
/// Every failure the tool can foresee (bad files, bad shapes, files it cannot
/// read or write) becomes a `ToolError`, so that the command line prints one
/// clear line and exits non-zero instead of crashing or dumping a Foundation
/// error. The location follows the compilers' `file:line:column:` convention
/// so that editors and terminals can jump to it.
public struct ToolError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file the problem is in, as the user named it.
  public var file: String?
  /// The 1-based line, when the problem is on one line.
  public var line: Int?
  /// The 1-based column (in bytes), when it helps find the problem.
  public var column: Int?
  /// What is wrong, without the location: one line, no trailing period.
  public var message: String

  public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
    self.message = message
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column: message`, leaving out what is unknown.
  public var description: String {
    var location = ""
    if let file {
      location = file
      if let line {
        location += ":\(line)"
        if let column { location += ":\(column)" }
      }
      location += ": "
    }
    return location + message
  }
}

extension ToolError {
  /// Quotes text from a user's file for an error message: escaped so that
  /// the message stays on one line, and shortened when it is long.
  static func quoted(_ text: some StringProtocol, limit: Int = 40) -> String {
    let whole = String(text)
    let shown = whole.count > limit ? whole.prefix(limit) + "…" : whole
    var result = ""
    JSONValue.writeString(String(shown), to: &result)
    return result
  }

  /// "1 output", "2 outputs".
  static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
  }
}

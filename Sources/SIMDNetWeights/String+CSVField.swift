extension String {
  /// The text as one CSV field: in double quotes, with each `"` doubled,
  /// when it holds a comma, a quote or a line break (RFC 4180). How
  /// `simdnet predict` and `simdnetd` write a class name.
  public var csvField: String {
    guard contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return self }
    return "\"" + replacing("\"", with: "\"\"") + "\""
  }
}

extension [String] {
  /// The items as a message lists them: `["a", "b", "c"].listed("or")` is
  /// "a, b or c"; one item is itself, none is "".
  public func listed(_ conjunction: String) -> String {
    count < 2 ? joined() : dropLast().joined(separator: ", ") + " \(conjunction) " + last!
  }
}

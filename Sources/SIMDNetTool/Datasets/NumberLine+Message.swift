import SIMDNetLines

extension NumberLine.Problem {
  /// The line protocol's sentence for this problem (`write(noun:into:)`),
  /// as a `String` for a `ToolError`.
  func message(noun: StaticString) -> String {
    var text: [UInt8] = []
    write(noun: noun, into: &text)
    return String(decoding: text, as: UTF8.self)
  }
}

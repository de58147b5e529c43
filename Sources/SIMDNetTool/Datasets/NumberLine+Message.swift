import SIMDNetLines

extension NumberLine.Problem {
  /// The line protocol's sentence for this problem (`write(noun:into:)`),
  /// as a `String` for a `ToolError`.
  func message(noun: StaticString) -> String {
    var text = TextBytes()
    write(noun: noun, into: &text)
    return String(decoding: text.bytes, as: UTF8.self)
  }
}

/// Bytes collected in an array: a `ByteSink` where allocating is fine.
struct TextBytes: ByteSink {
  var bytes: [UInt8] = []

  mutating func append(_ byte: UInt8) { bytes.append(byte) }
}

extension JSONValue {
  /// The value as pretty, deterministic JSON text: two-space indentation,
  /// members in their given order, and each array of plain values (numbers,
  /// strings, …) on one line, so that a weights file shows one unit's
  /// weights per line. No trailing newline.
  ///
  /// `indent` prefixes every line after the first, for embedding the text
  /// in a larger document.
  public func rendered(indent: String = "") -> String {
    var output = ""
    write(to: &output, indent: indent)
    return output
  }

  private var isContainer: Bool {
    switch kind {
    case .array, .object: true
    default: false
    }
  }

  private func write(to output: inout String, indent: String) {
    switch kind {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .number(let text): output += text
    case .string(let text): Self.writeString(text, to: &output)
    case .array(let elements):
      if elements.isEmpty {
        output += "[]"
      } else if !elements.contains(where: \.isContainer) {
        output += "["
        for (index, element) in elements.enumerated() {
          if index > 0 { output += ", " }
          element.write(to: &output, indent: indent)
        }
        output += "]"
      } else {
        let inner = indent + "  "
        output += "[\n"
        for (index, element) in elements.enumerated() {
          output += inner
          element.write(to: &output, indent: inner)
          output += index == elements.count - 1 ? "\n" : ",\n"
        }
        output += indent + "]"
      }
    case .object(let members):
      if members.isEmpty {
        output += "{}"
        return
      }
      let inner = indent + "  "
      output += "{\n"
      for (index, member) in members.enumerated() {
        output += inner
        Self.writeString(member.key, to: &output)
        output += ": "
        member.value.write(to: &output, indent: inner)
        output += index == members.count - 1 ? "\n" : ",\n"
      }
      output += indent + "}"
    }
  }

  /// Appends `text` as a JSON string literal: quoted, with quotes,
  /// backslashes and control characters escaped.
  static func writeString(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}

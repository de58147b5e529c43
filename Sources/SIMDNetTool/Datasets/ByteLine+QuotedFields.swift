/// One field of a CSV record as RFC 4180 writes it: where its content is,
/// and whether that content has doubled quotes to undo.
struct QuotedField {
  /// The content: inside the quotes of a quoted field, or the unquoted
  /// field without the spaces and tabs around it.
  var content: Range<Int>
  /// Where the field starts, for errors: its first byte that is not blank.
  var start: Int
  /// Whether the content holds `""`, which stands for one `"`.
  var hasEscapedQuotes: Bool
}

extension ByteLine {
  /// The line's comma-separated fields as RFC 4180 has them: a field in
  /// double quotes may hold commas, and `""` inside it stands for `"`.
  /// Spaces and tabs around a field are ignored. A quoted field must end
  /// on its line — line breaks inside quotes are refused, with an error
  /// saying so — and only blanks may follow its closing quote.
  func quotedFields() throws(ToolError) -> [QuotedField] {
    var fields: [QuotedField] = []
    var i = range.lowerBound
    let end = range.upperBound
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    while true {
      while i < end, isBlankByte(bytes[i]) { i += 1 }
      let start = i
      if i < end, bytes[i] == quote {
        var j = i + 1
        var escaped = false
        while true {
          guard j < end else {
            throw error(
              "a quoted field has no closing quote on its line (line breaks inside quotes are "
                + "not supported)", at: start)
          }
          if bytes[j] == quote {
            if j + 1 < end, bytes[j + 1] == quote {
              (j, escaped) = (j + 2, true)
              continue
            }
            break
          }
          j += 1
        }
        var after = j + 1
        while after < end, isBlankByte(bytes[after]) { after += 1 }
        guard after == end || bytes[after] == comma else {
          throw error("text after a quoted field's closing quote", at: after)
        }
        fields.append(QuotedField(content: i + 1..<j, start: start, hasEscapedQuotes: escaped))
        i = after
      } else {
        while i < end, bytes[i] != comma { i += 1 }
        var high = i
        while high > start, isBlankByte(bytes[high - 1]) { high -= 1 }
        fields.append(QuotedField(content: start..<high, start: start, hasEscapedQuotes: false))
      }
      guard i < end else { return fields }
      i += 1  // the comma
    }
  }

  /// The text of `field`, `""` made `"` again; the line must be UTF-8.
  func text(of field: QuotedField) throws(ToolError) -> String {
    if let error = utf8Error() { throw error }
    let text = String(
      decoding: UnsafeBufferPointer(rebasing: bytes[field.content]), as: UTF8.self)
    return field.hasEscapedQuotes ? text.replacing("\"\"", with: "\"") : text
  }
}

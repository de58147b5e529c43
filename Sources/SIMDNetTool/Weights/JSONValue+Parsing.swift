extension JSONValue {
  /// Parses a whole JSON document (RFC 8259, strictly: no comments, no
  /// trailing commas, no duplicate keys, nothing after the value).
  ///
  /// Errors name `path`, the line and the column. Nesting is limited to
  /// 256 levels so that a hostile file cannot overflow the stack.
  public static func parse(_ bytes: [UInt8], path: String) throws(ToolError) -> JSONValue {
    var parser = JSONParser(bytes: bytes, path: path)
    parser.skipWhitespace()
    if parser.isAtEnd { throw parser.error("empty file; expected a JSON value") }
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    if !parser.isAtEnd { throw parser.error("unexpected text after the JSON value") }
    return value
  }
}

/// A recursive-descent reader over UTF-8 bytes that tracks lines.
private struct JSONParser {
  let bytes: [UInt8]
  let path: String
  var offset = 0
  var line = 1
  var lineStart = 0

  init(bytes: [UInt8], path: String) {
    self.bytes = bytes
    self.path = path
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      offset = 3
      lineStart = 3
    }
  }

  var isAtEnd: Bool { offset >= bytes.count }
  var column: Int { offset - lineStart + 1 }
  var current: UInt8? { isAtEnd ? nil : bytes[offset] }

  func error(_ message: String) -> ToolError {
    ToolError(message, file: path, line: line, column: column)
  }

  /// What is at the current position, for "expected …, found …".
  var found: String {
    guard let byte = current else { return "the end of the file" }
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
    return byte == 0x20 ? "a space" : "byte 0x\(String(byte, radix: 16))"
  }

  mutating func skipWhitespace() {
    while let byte = current {
      switch byte {
      case 0x20, 0x09, 0x0D: offset += 1
      case 0x0A:
        offset += 1
        line += 1
        lineStart = offset
      default: return
      }
    }
  }

  mutating func expect(_ byte: UInt8, _ description: String) throws(ToolError) {
    guard current == byte else { throw error("expected \(description), found \(found)") }
    offset += 1
  }

  mutating func value(depth: Int) throws(ToolError) -> JSONValue {
    guard depth < 256 else { throw error("JSON nested more than 256 levels deep") }
    let (startLine, startColumn) = (line, column)
    func made(_ kind: JSONValue.Kind) -> JSONValue {
      JSONValue(kind, line: startLine, column: startColumn)
    }
    // 0 (NUL, or the end of the file) starts no value, so it reaches `default`.
    switch current ?? 0 {
    case UInt8(ascii: "{"):
      offset += 1
      var members: [JSONMember] = []
      var keys: Set<String> = []
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        offset += 1
        return made(.object(members))
      }
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else {
          throw error("expected a string key in an object, found \(found)")
        }
        let keyLine = line
        let keyColumn = column
        let key = try string()
        guard keys.insert(key).inserted else {
          throw ToolError(
            "duplicate key \(ToolError.quoted(key))", file: path, line: keyLine, column: keyColumn)
        }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':' after an object key")
        skipWhitespace()
        members.append(JSONMember(key, try value(depth: depth + 1)))
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          offset += 1
          continue
        }
        try expect(UInt8(ascii: "}"), "',' or '}' in an object")
        return made(.object(members))
      }
    case UInt8(ascii: "["):
      offset += 1
      var elements: [JSONValue] = []
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        offset += 1
        return made(.array(elements))
      }
      while true {
        skipWhitespace()
        elements.append(try value(depth: depth + 1))
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          offset += 1
          continue
        }
        try expect(UInt8(ascii: "]"), "',' or ']' in an array")
        return made(.array(elements))
      }
    case UInt8(ascii: "\""):
      return made(.string(try string()))
    case UInt8(ascii: "t"):
      try literal("true")
      return made(.bool(true))
    case UInt8(ascii: "f"):
      try literal("false")
      return made(.bool(false))
    case UInt8(ascii: "n"):
      try literal("null")
      return made(.null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return made(.number(try number()))
    default:
      throw error("expected a JSON value, found \(found)")
    }
  }

  mutating func literal(_ word: String) throws(ToolError) {
    let utf8 = Array(word.utf8)
    guard bytes[offset...].starts(with: utf8) else {
      throw error("expected a JSON value, found \(found)")
    }
    offset += utf8.count
  }

  /// The JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  mutating func number() throws(ToolError) -> String {
    let start = offset
    func digits(_ parser: inout JSONParser) -> Int {
      let first = parser.offset
      while let byte = parser.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        parser.offset += 1
      }
      return parser.offset - first
    }
    if current == UInt8(ascii: "-") { offset += 1 }
    if current == UInt8(ascii: "0") {
      offset += 1
      if let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        throw error("numbers cannot have leading zeros")
      }
    } else if digits(&self) == 0 {
      throw error("expected a digit, found \(found)")
    }
    if current == UInt8(ascii: ".") {
      offset += 1
      if digits(&self) == 0 { throw error("expected a digit after '.', found \(found)") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      offset += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
      if digits(&self) == 0 { throw error("expected a digit in the exponent, found \(found)") }
    }
    return String(decoding: bytes[start..<offset], as: UTF8.self)
  }

  mutating func string() throws(ToolError) -> String {
    offset += 1  // the opening quote
    var result: [UInt8] = []
    while true {
      guard let byte = current else { throw error("unterminated string") }
      switch byte {
      case UInt8(ascii: "\""):
        offset += 1
        guard let text = String(validating: result, as: UTF8.self) else {
          throw error("string is not valid UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        offset += 1
        guard let escape = current else { throw error("unterminated string") }
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escape)
        case UInt8(ascii: "b"): result.append(0x08)
        case UInt8(ascii: "f"): result.append(0x0C)
        case UInt8(ascii: "n"): result.append(0x0A)
        case UInt8(ascii: "r"): result.append(0x0D)
        case UInt8(ascii: "t"): result.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800..<0xDC00).contains(scalar) {
            guard bytes[offset...].starts(with: Array("\\u".utf8)) else {
              throw error("unpaired surrogate in \\u escape")
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else {
              throw error("unpaired surrogate in \\u escape")
            }
            scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
          }
          guard let unicode = Unicode.Scalar(scalar) else {
            throw error("unpaired surrogate in \\u escape")
          }
          result.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
          offset -= 2  // point at the backslash
          throw error("unknown escape '\\\(Character(UnicodeScalar(escape)))' in a string")
        }
      case 0x00..<0x20:
        throw error("control character in a string (write it as an escape)")
      default:
        result.append(byte)
        offset += 1
      }
    }
  }

  mutating func hex4() throws(ToolError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = Character(UnicodeScalar(byte)).hexDigitValue else {
        throw error("expected four hex digits after \\u")
      }
      value = value << 4 | UInt32(digit)
      offset += 1
    }
    return value
  }
}

extension JSONValue {
  /// An error at this value's line and column in the file at `path`.
  public func error(_ message: String, in path: String) -> ToolError {
    ToolError(message, file: path, line: line, column: column)
  }

  /// This value as a finite `Double`; `name` says what it is in the error.
  public func finiteDouble(_ name: String, in path: String) throws(ToolError) -> Double {
    guard case .number(let text) = kind else {
      throw error("\(name) must be a number", in: path)
    }
    guard let number = Double(text), number.isFinite else {
      throw error("\(name) (\(text)) is out of the range of a Double", in: path)
    }
    return number
  }
}

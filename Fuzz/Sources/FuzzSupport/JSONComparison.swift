import SIMDNetTool

/// Whether two JSON values are the same document: the same kinds, number
/// texts, strings, member keys in the same order and elements; where each
/// was read (`line`, `column`) is ignored.
public func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
  switch (a.kind, b.kind) {
  case (.null, .null): true
  case (.bool(let x), .bool(let y)): x == y
  case (.number(let x), .number(let y)): x == y
  case (.string(let x), .string(let y)): x.unicodeScalars.elementsEqual(y.unicodeScalars)
  case (.array(let x), .array(let y)):
    x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
  case (.object(let x), .object(let y)):
    x.count == y.count
      && zip(x, y).allSatisfy {
        $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) && sameJSON($0.value, $1.value)
      }
  default: false
  }
}

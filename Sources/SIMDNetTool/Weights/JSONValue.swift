/// A JSON document as the tool reads and writes it: numbers kept as their
/// text, object members kept in order, and each value's place in the file.
///
/// Why a reader of our own rather than `JSONDecoder` (which does round-trip
/// every double on this toolchain): its errors carry no line or column, and
/// it accepts duplicate keys silently, keeping one of them. Here every error
/// names the line and column of the bad value (`w.json:3:14: …`), a key given
/// twice is an error, members keep their order (so written files are stable),
/// and nothing needs Foundation, which a daemon reading weights files would
/// otherwise link. Numbers keep their text and convert with `Double(_:)`,
/// which rounds correctly, so every weight reads back to the same bits.
public struct JSONValue: Sendable {
  public enum Kind: Sendable {
    case null
    case bool(Bool)
    /// The number as written: convert with `Double(_:)` or `Int(_:)`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order; keys are unique.
    case object([JSONMember])
  }

  public var kind: Kind
  /// 1-based line and column (in bytes) where the value starts in the file
  /// it was read from; 0 for values built in code.
  public var line: Int
  public var column: Int

  public init(_ kind: Kind, line: Int = 0, column: Int = 0) {
    self.kind = kind
    self.line = line
    self.column = column
  }

  public static let null = JSONValue(.null)
  public static func bool(_ value: Bool) -> JSONValue { JSONValue(.bool(value)) }
  public static func string(_ value: String) -> JSONValue { JSONValue(.string(value)) }
  public static func array(_ values: [JSONValue]) -> JSONValue { JSONValue(.array(values)) }
  public static func object(_ members: [JSONMember]) -> JSONValue { JSONValue(.object(members)) }
  public static func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
    JSONValue(.object(members.map { JSONMember($0.key, $0.value) }))
  }
  public static func number(_ value: Int) -> JSONValue { JSONValue(.number(String(value))) }

  /// A double written so that it reads back to the same bits: Swift's
  /// shortest round-trip form, which is always valid JSON for finite values
  /// (`-0.0`, `5e-324`, `1.7976931348623157e+308`).
  ///
  /// - Precondition: `value` is finite; JSON has no NaN or infinity, so
  ///   check first and report the problem instead.
  public static func number(_ value: Double) -> JSONValue {
    precondition(value.isFinite, "JSON cannot hold \(value)")
    return JSONValue(.number(value.description))
  }

  /// The member named `key` of an object, if it is an object that has one.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = kind else { return nil }
    return members.first { $0.key == key }?.value
  }
}

/// One `"key": value` of a JSON object.
public struct JSONMember: Sendable {
  public var key: String
  public var value: JSONValue

  public init(_ key: String, _ value: JSONValue) {
    self.key = key
    self.value = value
  }
}

import Foundation
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// CSV files, FANN files and `simdnet predict`'s input read numbers by one
/// rule: the same text is the same double, or the same error at the same
/// column, in all three.
@Suite("one number rule for CSV, FANN and predict")
struct NumberRuleTests {
  /// What a reader made of a field: its bits, or its error without the
  /// file, the line and the reader's own words ("field 1", "input 1", why
  /// finite numbers are needed).
  enum Reading: Equatable {
    case value(UInt64)
    case error(column: Int?, kind: String)
  }

  static func reading(_ body: () throws(ToolError) -> Double) -> Reading {
    do {
      return .value(try body().bitPattern)
    } catch {
      let kinds = [
        "is empty", "is not a number", "is NaN", "is infinite", "is out of the range",
        "not UTF-8", "is longer than 1023 bytes",
      ]
      let kind = kinds.first { error.message.contains($0) } ?? error.message
      return .error(column: error.column, kind: kind)
    }
  }

  static func csv(_ field: String) -> Reading {
    reading { () throws(ToolError) in
      try DatasetFile.parse(Array("a,y\n\(field),0\n".utf8), path: "d.csv", format: .csv)
        .inputs[0][0]
    }
  }

  static func fann(_ field: String) -> Reading {
    reading { () throws(ToolError) in
      try DatasetFile.parse(Array("1 1 1\n\(field)\n0\n".utf8), path: "d.data", format: .fann)
        .inputs[0][0]
    }
  }

  static func predict(_ field: String) throws -> Reading {
    try withTemporaryDirectory { directory in
      let path = try writeFile(field + "\n", named: "stdin", in: directory)
      let descriptor = open(path, O_RDONLY)
      defer { close(descriptor) }
      var input = PredictInput(descriptor: descriptor, width: 1)
      var values: [Double] = []
      return reading { () throws(ToolError) in
        guard try input.next(into: &values) else { throw ToolError("no line") }
        return values[0]
      }
    }
  }

  @Test(
    "the same text reads the same everywhere",
    arguments: [
      "1", "-0.5", "+.5", "5.", "-0", "1e-400", "0x1p3", "0X1.8P1", "1e999", "-1e999", "nan",
      "NaN", "nan(7)", "-inf", "Infinity", "1\u{0}", "1\u{0}junk", "0\u{0}1", "1e", "0x", "0x1p",
      "abc", "1_000", "\u{661}", "1\u{7}", "--1", "1.2.3", "\u{FEFF}1", "9007199254740993",
      "0.1000000000000000055511151231257827021181583404541015625",
      // The longest number read (a NUL-terminated copy of it fits 1024 bytes), and one more.
      "0." + String(repeating: "0", count: 1020) + "1", String(repeating: "7", count: 1024),
    ])
  func sameEverywhere(_ field: String) throws {
    let csv = Self.csv(field)
    #expect(Self.fann(field) == csv)
    #expect(try Self.predict(field) == csv)
    // And a value is what the standard library reads.
    if case .value(let bits) = csv { #expect(bits == Double(field)?.bitPattern) }
    #expect(field.utf8.count <= 1023 || csv == .error(column: 1, kind: "is longer than 1023 bytes"))
  }

  @Test("a NUL and what follows it is an error at the NUL, not the end of the number")
  func nul() {
    #expect(Self.csv("12\u{0}34") == .error(column: 3, kind: "is not a number"))
  }

  @Test("lines longer than the buffer, many of them, read back exactly")
  func longLines() throws {
    var generator = SplitMix64(state: 21)
    let width = 4000
    let lines = (0..<20).map { _ in
      (0..<width).map { _ in randomWeight(using: &generator) }
    }
    let text = lines.map { $0.map { " \($0) " }.joined(separator: ",") }.joined(separator: "\r\n")
    try withTemporaryDirectory { directory in
      let path = try writeFile(text, named: "stdin", in: directory)
      let descriptor = open(path, O_RDONLY)
      defer { close(descriptor) }
      var input = PredictInput(descriptor: descriptor, width: width)
      var values: [Double] = []
      var read: [[UInt64]] = []
      while try input.next(into: &values) { read.append(values.map(\.bitPattern)) }
      #expect(read == lines.map { $0.map(\.bitPattern) })
    }
  }
}

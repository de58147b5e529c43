import Foundation
import SIMDNetTestSupport
import SIMDNetTool
import Testing

@Suite("CSV datasets")
struct CSVDatasetTests {
  func parse(_ text: String, outputs: Int? = nil) throws(ToolError) -> DatasetFile {
    try DatasetFile.parse(Array(text.utf8), path: "data/or.csv", format: .csv, outputs: outputs)
  }

  func message(_ text: String, outputs: Int? = nil) -> String? {
    toolErrorMessage { () throws(ToolError) in _ = try parse(text, outputs: outputs) }
  }

  @Test("the lecture's OR gate, with a header")
  func orWithHeader() throws {
    let file = try parse("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n")
    #expect(file.columnNames == ["x1", "x2", "y"])
    #expect(rows(file.inputs) == [[0, 0], [0, 1], [1, 0], [1, 1]])
    #expect(rows(file.targets) == [[0], [1], [1], [1]])
    #expect(file.inputCount == 2 && file.outputCount == 1 && file.exampleCount == 4)
    #expect(file.format == .csv && file.path == "data/or.csv")
  }

  @Test("no header, several outputs, CRLF, spaces, quotes, trailing blank lines, a BOM")
  func tolerated() throws {
    let file = try parse(
      "\u{FEFF}\"a\", \"b\" ,\"c\"\r\n 0.5 , -1e-3,2\r\n1,2,3\r\n\r\n  \n\n", outputs: 2)
    #expect(file.columnNames == ["a", "b", "c"])
    #expect(rows(file.inputs) == [[0.5], [1]])
    #expect(rows(file.targets) == [[-1e-3, 2], [2, 3]])
    let plain = try parse("1,2\n3,4")
    #expect(plain.columnNames == nil)
    #expect(rows(plain.inputs) == [[1], [3]] && rows(plain.targets) == [[2], [4]])
  }

  @Test("numbers read back exactly")
  func exactNumbers() throws {
    var generator = SplitMix64(state: 3)
    let values = (0..<200).map { _ in randomWeight(using: &generator) }
    let text = values.map { "\($0),0" }.joined(separator: "\n")
    let file = try parse(text)
    #expect(file.inputs.map { $0[0].bitPattern } == values.map(\.bitPattern))
  }

  @Test(
    "bad files: one line naming the file and line",
    arguments: [
      ("", "data/or.csv: empty file"),
      ("\n \n\n", "data/or.csv: empty file (only blank lines)"),
      ("x1,x2,y\n", "data/or.csv:1: the header is the only row; the file has no examples"),
      ("0,0,0\n0,1,1\n1,0\n", "data/or.csv:3: expected 3 fields, found 2"),
      ("0,0,0\n0,1,1,1\n", "data/or.csv:2: expected 3 fields, found 4"),
      (
        "x1,x2,y\n0,0,0\n0,one,1\n",
        "data/or.csv:3:3: field 2 is not a number: \"one\""
      ),
      ("0,0,0\n0,,1\n", "data/or.csv:2:3: field 2 is empty"),
      ("0,0,0\nnan,0,1\n", "data/or.csv:2:1: field 1 is NaN; datasets must hold finite numbers"),
      (
        "0,0,0\n0,-inf,1\n",
        "data/or.csv:2:3: field 2 is infinite (\"-inf\"); datasets must hold finite numbers"
      ),
      (
        "0,0,0\n0,1e999,1\n", "data/or.csv:2:3: field 2 (\"1e999\") is out of the range of a Double"
      ),
      (
        "x1,x2\n0,0,0\n",
        "data/or.csv:1: the header has 2 fields, but the first row of data (line 2) has 3"
      ),
      ("0\n1\n", "data/or.csv:1: 1 field, too few for 1 target and at least one input"),
      (
        "0,0,0\n\n1,1,1\n",
        "data/or.csv:2: blank line inside the data (blank lines are allowed only at the end)"
      ),
      (
        "\n0,0,0\n",
        "data/or.csv:1: blank line before the data (blank lines are allowed only at the end)"
      ),
      ("0,0,0\n0,1,x\u{7}y\n", "data/or.csv:2:5: field 3 is not a number: \"x\\u0007y\""),
    ])
  func badFiles(text: String, expected: String) {
    #expect(message(text) == expected)
  }

  @Test(
    "any byte after a number is an error, located at that byte",
    arguments: [
      (
        "a,b,y\n1,1\0\u{1}\u{2}\u{3},0\n",
        "data/or.csv:2:4: field 2 is not a number: \"1\\u0000\\u0001\\u0002\\u0003\""
      ),
      ("a,b,y\n1,0\0,1\n", "data/or.csv:2:4: field 2 is not a number: \"0\\u0000\""),
      ("a,b,y\n1,2.5x,0\n", "data/or.csv:2:6: field 2 is not a number: \"2.5x\""),
      ("a,b,y\n1,1e,0\n", "data/or.csv:2:4: field 2 is not a number: \"1e\""),
      ("a,b,y\n1, 1 2 ,0\n", "data/or.csv:2:5: field 2 is not a number: \"1 2\""),
      ("a,b,y\n1,--1,0\n", "data/or.csv:2:4: field 2 is not a number: \"--1\""),
      ("a,b,y\n1,0x1p,0\n", "data/or.csv:2:6: field 2 is not a number: \"0x1p\""),
      ("a,b,y\n1,infinite,0\n", "data/or.csv:2:10: field 2 is not a number: \"infinite\""),
      ("a,b,y\n1,1_000,0\n", "data/or.csv:2:4: field 2 is not a number: \"1_000\""),
    ])
  func trailingBytes(text: String, expected: String) {
    #expect(message(text) == expected)
  }

  @Test("every way of writing a double reads as the standard library reads it")
  func agreesWithStandardLibrary() throws {
    var texts = [
      "9007199254740993", "0.1", "1e22", "1e23", "123456789012345678", "-0", ".5", "5.", "+3",
      "00012", "1e-400", "0x1P-1074", "0X1.8p1", "0x.8", "4.9e-324", "2.4703282292062327e-324",
      "1.7976931348623157e308", "0x1.fffffffffffffp1023", "7.2057594037927933e16",
      "1.00000000000000011102230246251565404236316680908203125",
      "1.000000000000000111022302462515654042363166809082031251",
    ]
    var generator = SplitMix64(state: 5)
    for _ in 0..<400 {
      let value = randomWeight(using: &generator)
      texts += [
        "\(value)", String(format: "%.17g", value), String(format: "%.3e", value),
        String(format: "%a", value), String(format: "%.30f", value.remainder(dividingBy: 1e6)),
        String(format: "%.0f", value.remainder(dividingBy: 1e25)),
      ]
    }
    // Rounding to fewer digits can carry the largest doubles out of range.
    texts = texts.filter { Double($0)!.isFinite }
    let file = try parse("x,y\n" + texts.map { "\($0),0" }.joined(separator: "\n"))
    let expected = texts.map { Double($0)!.bitPattern }
    #expect(file.inputs.map { $0[0].bitPattern } == expected)
  }

  @Test(
    "the first row is a header only when none of its fields is a number",
    arguments: [
      (
        "0,O,0\n0,1,1\n1,0,1\n",
        "data/or.csv:1:3: the first row mixes numbers and text: field 2 (\"O\") is not a "
          + "number; a header row has no numbers, a row of data only numbers"
      ),
      (
        "x1,2010,y\n0,1,1\n",
        "data/or.csv:1:4: the first row mixes numbers and text: field 2 (\"2010\") is a "
          + "number; a header row has no numbers, a row of data only numbers"
      ),
      (
        "1,1\0,0\n",
        "data/or.csv:1:4: the first row mixes numbers and text: field 2 (\"1\\u0000\") is not "
          + "a number; a header row has no numbers, a row of data only numbers"
      ),
      ("1,,1\n", "data/or.csv:1:3: field 2 is empty"),
      // The odd one out is named: here the one number among names.
      (
        "nan,x,y\n0,1,1\n",
        "data/or.csv:1:1: the first row mixes numbers and text: field 1 (\"nan\") is a number; "
          + "a header row has no numbers, a row of data only numbers"
      ),
    ])
  func headerRule(text: String, expected: String) {
    #expect(message(text) == expected)
  }

  @Test("a header may have empty names, and numbers in quotes are numbers")
  func headerNames() throws {
    let file = try parse("\"\",x,y\n0,1,1\n")
    #expect(file.columnNames == ["", "x", "y"])
    let quoted = try parse("\"1\",\"2\",\"3\"\n")
    #expect(quoted.columnNames == nil && rows(quoted.inputs) == [[1, 2]])
  }

  @Test("room is reserved for what the bytes can hold, not for every line")
  func reservationBoundedByBytes() throws {
    let text = "0,1,1\n" + String(repeating: "\n", count: 1_000_000)
    let file = try parse(text)
    #expect(file.exampleCount == 1)
    // At least two bytes a number: about as many doubles as half the
    // bytes (and the allocator's rounding), where a line count would give
    // three a line.
    let doubles = file.inputs.values.capacity + file.targets.values.capacity
    #expect(doubles <= text.utf8.count * 6 / 10)
  }

  @Test("fewer columns than outputs plus one")
  func tooFewColumns() {
    #expect(
      message("0,0,0\n", outputs: 3)
        == "data/or.csv:1: 3 fields, too few for 3 targets and at least one input")
    #expect(
      message("0,0,0\n", outputs: 0)
        == "data/or.csv: the number of outputs must be at least 1, not 0")
  }

  @Test("invalid UTF-8 names the line")
  func invalidUTF8() {
    let bytes: [UInt8] = Array("0,0\n".utf8) + [0x31, 0xFF, 0x2C, 0x30, 0x0A]
    let error = toolErrorMessage { () throws(ToolError) in
      _ = try DatasetFile.parse(bytes, path: "d.csv", format: .csv)
    }
    #expect(error == "d.csv:2:2: not UTF-8 text")
  }
}

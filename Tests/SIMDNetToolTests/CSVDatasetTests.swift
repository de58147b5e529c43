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
    #expect(file.inputs == [[0, 0], [0, 1], [1, 0], [1, 1]])
    #expect(file.targets == [[0], [1], [1], [1]])
    #expect(file.inputCount == 2 && file.outputCount == 1 && file.exampleCount == 4)
    #expect(file.format == .csv && file.path == "data/or.csv")
  }

  @Test("no header, several outputs, CRLF, spaces, quotes, trailing blank lines, a BOM")
  func tolerated() throws {
    let file = try parse(
      "\u{FEFF}\"a\", \"b\" ,\"c\"\r\n 0.5 , -1e-3,2\r\n1,2,3\r\n\r\n  \n\n", outputs: 2)
    #expect(file.columnNames == ["a", "b", "c"])
    #expect(file.inputs == [[0.5], [1]])
    #expect(file.targets == [[-1e-3, 2], [2, 3]])
    let plain = try parse("1,2\n3,4")
    #expect(plain.columnNames == nil)
    #expect(plain.inputs == [[1], [3]] && plain.targets == [[2], [4]])
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
        "data/or.csv:3: field 2 is not a number: \"one\""
      ),
      ("0,0,0\n0,,1\n", "data/or.csv:2: field 2 is empty"),
      ("0,0,0\nnan,0,1\n", "data/or.csv:2: field 1 is NaN; datasets must hold finite numbers"),
      (
        "0,0,0\n0,-inf,1\n",
        "data/or.csv:2: field 2 is infinite (\"-inf\"); datasets must hold finite numbers"
      ),
      ("0,0,0\n0,1e999,1\n", "data/or.csv:2: field 2 (\"1e999\") is out of the range of a Double"),
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
      ("0,0,0\n0,1,x\u{7}y\n", "data/or.csv:2: field 3 is not a number: \"x\\u0007y\""),
    ])
  func badFiles(text: String, expected: String) {
    #expect(message(text) == expected)
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
    #expect(error == "d.csv:2: not UTF-8 text")
  }
}

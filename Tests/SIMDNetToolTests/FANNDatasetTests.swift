import SIMDNetTool
import Testing

@Suite("FANN datasets")
struct FANNDatasetTests {
  static let xor = "4 2 1\n-1 -1\n-1\n-1 1\n1\n1 -1\n1\n1 1\n-1\n"

  func parse(_ text: String, outputs: Int? = nil) throws(ToolError) -> DatasetFile {
    try DatasetFile.parse(Array(text.utf8), path: "xor.data", format: .fann, outputs: outputs)
  }

  func message(_ text: String, outputs: Int? = nil) -> String? {
    toolErrorMessage { () throws(ToolError) in _ = try parse(text, outputs: outputs) }
  }

  @Test("FANN's XOR example")
  func xor() throws {
    let file = try parse(Self.xor)
    #expect(rows(file.inputs) == [[-1, -1], [-1, 1], [1, -1], [1, 1]])
    #expect(rows(file.targets) == [[-1], [1], [1], [-1]])
    #expect(file.inputCount == 2 && file.outputCount == 1 && file.format == .fann)
    #expect(try parse(Self.xor, outputs: 1).targets == file.targets)
  }

  @Test("tabs, CRLF, blank lines and several outputs")
  func tolerated() throws {
    let file = try parse("2\t1 2\r\n\r\n0.5\r\n1\t-2\r\n\n-0.25\n 3e2  4 \n\n")
    #expect(rows(file.inputs) == [[0.5], [-0.25]])
    #expect(rows(file.targets) == [[1, -2], [300, 4]])
  }

  @Test(
    "bad files: one line naming the file and line",
    arguments: [
      ("", "xor.data: empty file"),
      (
        "4 2\n",
        "xor.data:1: expected a header \"examples inputs outputs\" (three whole numbers), "
          + "found \"4 2\""
      ),
      (
        "four 2 1\n",
        "xor.data:1: expected a header \"examples inputs outputs\" "
          + "(three whole numbers), found \"four 2 1\""
      ),
      ("4 0 1\n", "xor.data:1:3: the header declares 0 inputs; need at least 1"),
      ("0 2 1\n", "xor.data:1:1: the header declares 0 examples; need at least 1"),
      (
        "3 2 1\n0 0\n0\n0 1\n1\n",
        "xor.data:1:1: the header declares 3 examples, but the file has only 2"
      ),
      (
        "1 2 1\n0 0\n0\n0 1\n1\n",
        "xor.data:4: more examples than the 1 the header on line 1 declares"
      ),
      (
        "2 2 1\n0 0\n0\n0 1\n",
        "xor.data:4: the file ends after the inputs of example 2; expected a line of 1 output next"
      ),
      ("2 2 1\n0 0\n0\n0 1 1\n1\n", "xor.data:4: expected 2 inputs for example 2, found 3"),
      ("2 2 1\n0 0\n0 1\n", "xor.data:3: expected 1 output for example 1, found 2"),
      ("1 2 1\n0 x\n0\n", "xor.data:2:3: input 2 is not a number: \"x\""),
      ("1 2 1\n0 0\nNaN\n", "xor.data:3:1: output 1 is NaN; datasets must hold finite numbers"),
      ("1 2 1\n0 0\0junk\n0\n", "xor.data:2:4: input 2 is not a number: \"0\\u0000junk\""),
      ("1 2 1\n0 0\n1x\n", "xor.data:3:2: output 1 is not a number: \"1x\""),
      // Counts that would size storage must not: they are checked against the file.
      (
        "4000000000 2 1\n0 0\n0\n",
        "xor.data:1:1: the header declares 4000000000 examples, but the file has only 1"
      ),
      (
        "9223372036854775807 2 1\n0 0\n0\n",
        "xor.data:1:1: the header declares 9223372036854775807 examples, but the file has only 1"
      ),
      (
        "9223372036854775808 2 1\n0 0\n0\n",
        "xor.data:1: expected a header \"examples inputs outputs\" (three whole numbers), found "
          + "\"9223372036854775808 2 1\""
      ),
      (
        "1 65537 1\n0\n0\n",
        "xor.data:1:3: the header declares 65537 inputs; a network has at most 65536"
      ),
      (
        "1 2 9223372036854775807\n0 0\n0\n",
        "xor.data:1:5: the header declares 9223372036854775807 outputs; a network has at most 65536"
      ),
    ])
  func badFiles(text: String, expected: String) {
    #expect(message(text) == expected)
  }

  @Test("--outputs must agree with the header")
  func outputsDisagree() {
    #expect(
      message(Self.xor, outputs: 2)
        == "xor.data:1: the header declares 1 output, but 2 were asked for")
  }
}

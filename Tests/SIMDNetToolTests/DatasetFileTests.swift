import SIMDNet
import SIMDNetTool
import Testing

@Suite("Dataset files")
struct DatasetFileTests {
  @Test("the format follows the file name")
  func formatFromName() throws {
    #expect(try DatasetFormat(path: "a/b.csv") == .csv)
    #expect(try DatasetFormat(path: "B.CSV") == .csv)
    for name in ["x.data", "dir.v2/x.train", "x.test"] {
      #expect(try DatasetFormat(path: name) == .fann)
    }
    for name in ["x.txt", "data", "dir.csv/x"] {
      #expect(
        toolErrorMessage { () throws(ToolError) in _ = try DatasetFormat(path: name) }
          == "\(name): cannot tell the format from the file name; name it .csv, .data, .train "
          + "or .test, or give the format (csv or fann)")
    }
  }

  @Test("loading from disk: by extension, explicit format, missing and empty files")
  func load() throws {
    try withTemporaryDirectory { directory in
      let csv = try writeFile("a,b\n1,2\n", named: "d.csv", in: directory)
      #expect(try rows(DatasetFile.load(path: csv).targets) == [[2]])
      let fann = try writeFile(FANNDatasetTests.xor, named: "xor.txt", in: directory)
      #expect(try DatasetFile.load(path: fann, format: .fann).exampleCount == 4)
      #expect(
        toolErrorMessage { () throws(ToolError) in _ = try DatasetFile.load(path: fann) }?
          .hasPrefix("\(fann): cannot tell the format") == true)
      let missing = directory + "/missing.csv"
      #expect(
        toolErrorMessage { () throws(ToolError) in _ = try DatasetFile.load(path: missing) }
          == "\(missing): no such file")
      let empty = try writeFile("", named: "empty.data", in: directory)
      #expect(
        toolErrorMessage { () throws(ToolError) in _ = try DatasetFile.load(path: empty) }
          == "\(empty): empty file")
      #expect(
        toolErrorMessage { () throws(ToolError) in
          _ = try DatasetFile.load(path: directory, format: .csv)
        } == "\(directory): is a directory, not a file")
    }
  }

  @Test("into the kernel's dataset, checking the network's widths")
  func kernelDataset() throws {
    let file = try DatasetFile.parse(
      Array("0,0,0\n0,1,1\n1,0,1\n1,1,1\n0.5,0.25,1\n".utf8), path: "or.csv", format: .csv)
    let dataset = try file.dataset(for: Layer<2, 1>(activation: .sigmoid))
    #expect(dataset.count == 5)
    for n in 0..<5 {
      let (inputs, targets) = dataset[example: n]
      #expect(
        [inputs[0], inputs[1]] == Array(file.inputs[n]) && [targets[0]] == Array(file.targets[n]))
    }
    #expect(
      toolErrorMessage { () throws(ToolError) in
        _ = try file.dataset(
          for: MLP1<3, 2, 1>(Layer(activation: .tanh), Layer(activation: .sigmoid)))
      }
        == "or.csv: the data has 2 inputs and 1 output, but the network takes 3 inputs "
        + "and gives 1 output")
  }
}

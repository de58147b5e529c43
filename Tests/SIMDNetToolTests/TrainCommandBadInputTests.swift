import Foundation
import SIMDNetTool
import Testing

/// Bad input to `simdnet train`: every case is one line on stderr naming the
/// file (and line, where there is one), nothing on stdout, a non-zero exit —
/// never a crash, a stack trace or a usage screen.
@Suite("simdnet train: bad input")
struct TrainCommandBadInputTests {
  /// A file, the arguments after `train`, and what the error must contain.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [String: String] = [:]
    var arguments: [String]
    var fragments: [String]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "ragged rows", files: ["d.csv": "a,b,y\n0,0,0\n0,1\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1"],
      fragments: ["d.csv:3: expected 3 fields, found 2"]),
    Case(
      name: "a non-numeric field", files: ["d.csv": "a,b,y\n0,0,0\n0,one,1\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1"],
      fragments: ["d.csv:3:3: field 2 is not a number: \"one\""]),
    Case(
      name: "malformed CSV (a blank line inside the data)",
      files: ["d.csv": "0,0,0\n\n1,1,1\n"], arguments: ["--data", "d.csv", "--layers", "2,1"],
      fragments: ["d.csv:2: blank line inside the data"]),
    Case(
      name: "a header that disagrees with the data", files: ["d.csv": "a,b\n0,0,0\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1"], fragments: ["d.csv:1: the header has 2"]),
    Case(
      name: "an empty file", files: ["d.csv": ""],
      arguments: ["--data", "d.csv", "--layers", "2,1"], fragments: ["d.csv: empty file"]),
    Case(
      name: "a FANN header that disagrees with the data", files: ["d.data": "3 2 1\n0 0\n0\n"],
      arguments: ["--data", "d.data", "--layers", "2,1"],
      fragments: ["d.data:1:1: the header declares 3 examples, but the file has only 1"]),
    Case(
      name: "a FANN header counting more examples than memory holds",
      files: ["a.data": "4000000000 2 1\n0 0\n0\n"],
      arguments: ["--data", "a.data", "--layers", "2,1"],
      fragments: ["a.data:1:1: the header declares 4000000000 examples, but the file has only 1"]),
    Case(
      name: "a FANN header counting Int.max examples",
      files: ["a.data": "9223372036854775807 2 1\n0 0\n0\n"],
      arguments: ["--data", "a.data", "--layers", "2,1"],
      fragments: ["a.data:1:1: the header declares 9223372036854775807 examples"]),
    Case(
      name: "a FANN row with a NUL", files: ["a.data": "1 2 1\n0 0\u{0}junk\n0\n"],
      arguments: ["--data", "a.data", "--layers", "2,1"],
      fragments: ["a.data:2:4: input 2 is not a number: \"0\\u0000junk\""]),
    Case(
      name: "a CSV row with a NUL", files: ["d.csv": "a,b,y\n1,1\u{0}\u{1}\u{2}\u{3},0\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1"],
      fragments: ["d.csv:2:4: field 2 is not a number"]),
    Case(
      name: "a typo in a header-less CSV's first row", files: ["d.csv": "0,O,0\n0,1,1\n1,0,1\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1"],
      fragments: [
        "d.csv:1:3: the first row mixes numbers and text: field 2 (\"O\") is not a number"
      ]),
    Case(
      name: "a malformed FANN header", files: ["d.data": "4 2\n0 0\n0\n"],
      arguments: ["--data", "d.data", "--layers", "2,1"], fragments: ["d.data:1: expected a header"]
    ),
    Case(
      name: "a missing file", arguments: ["--data", "missing.csv", "--layers", "2,1"],
      fragments: ["missing.csv: no such file"]),
    Case(
      name: "--layers that do not match the data", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "3,1"],
      fragments: ["d.csv: the data has 2 inputs and 1 output", "3-1"]),
    Case(
      name: "several outputs in the layers but --outputs left at 1",
      files: ["d.csv": "0,0,1,0\n1,1,0,1\n"], arguments: ["--data", "d.csv", "--layers", "2,2"],
      fragments: ["d.csv:", "pass --outputs 2"]),
    Case(
      name: "an unknown flag", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--epoch", "5"],
      fragments: ["Unknown option '--epoch'"]),
    Case(
      name: "an unknown activation", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--activation", "softmx"],
      fragments: ["'softmx'", "sigmoid-table"]),
    Case(
      name: "softmax for the hidden layers", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,3,1", "--activation", "softmax"],
      fragments: [
        "--activation softmax: softmax is an output-layer activation", "--output-activation",
      ]),
    Case(
      name: "--init weights with softmax in a hidden layer",
      files: [
        "d.csv": CommandTestData.orCSV,
        "w.json":
          "{\"layers\": [2, 2, 1],\n\"activations\": [\"softmax\", \"sigmoid\"], \"weights\": [[[0, 0], [0, 0]], [[0, 0]]], \"biases\": [[0, 0], [0]]}",
      ], arguments: ["--data", "d.csv", "--init", "w.json"],
      fragments: ["w.json:2:17: activations[0]: softmax is an output-layer activation"]),
    Case(
      name: "--export without --name", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--export", "x.swift"],
      fragments: ["--export needs --name"]),
    Case(
      name: "--name that is not an identifier", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--export", "x.swift", "--name", "a-b"],
      fragments: ["\"a-b\" is not a Swift identifier"]),
    Case(
      name: "--batch-size without minibatch", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--batch-size", "2"],
      fragments: ["--batch-size applies only to --optimizer minibatch"]),
    Case(
      name: "--batch-size with rprop", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "rprop", "--batch-size", "2",
      ],
      fragments: ["--batch-size applies only to --optimizer minibatch, momentum or adam, not rprop"]
    ),
    Case(
      name: "--learning-rate with rprop", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "rprop", "--learning-rate", "0.1",
      ],
      fragments: [
        "rprop does not use a learning rate (leave out --learning-rate); its steps are set by "
          + "--rprop-initial-step, --rprop-min-step and --rprop-max-step"
      ]),
    Case(
      name: "--momentum with another optimizer", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "adam", "--momentum", "0.5",
      ],
      fragments: ["--momentum applies only to --optimizer momentum, not adam"]),
    Case(
      name: "an rprop flag with another optimizer", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--rprop-increase", "1.5"],
      fragments: ["--rprop-increase applies only to --optimizer rprop, not batch"]),
    Case(
      name: "an adam flag with another optimizer", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "momentum", "--adam-beta1", "0.5",
      ],
      fragments: ["--adam-beta1 applies only to --optimizer adam, not momentum"]),
    Case(
      name: "--momentum out of range", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "momentum", "--momentum", "1",
      ],
      fragments: ["--momentum must be in [0, 1), not 1.0"]),
    Case(
      name: "--rprop-decrease out of range", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "rprop", "--rprop-decrease", "1",
      ],
      fragments: ["--rprop-decrease must be in (0, 1), not 1.0"]),
    Case(
      name: "rprop steps out of order", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "rprop", "--rprop-initial-step",
        "60",
      ],
      fragments: [
        "--rprop-initial-step 60.0 is above --rprop-max-step 50.0 (the default); rprop's steps "
          + "must satisfy 0 < Δmin ≤ Δ0 ≤ Δmax < ∞"
      ]),
    Case(
      name: "--adam-epsilon not positive", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "adam", "--adam-epsilon", "0",
      ],
      fragments: ["--adam-epsilon must be a positive finite number, not 0.0"]),
    Case(
      name: "--adam-beta1 NaN", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--optimizer", "adam", "--adam-beta1", "nan",
      ],
      fragments: ["--adam-beta1 must be in [0, 1), not nan"]),
    Case(
      name: "--patience without --validation", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--patience", "5"],
      fragments: ["--patience needs --validation PATH"]),
    Case(
      name: "--patience 0",
      files: ["d.csv": CommandTestData.orCSV, "v.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--validation", "v.csv", "--patience", "0",
      ],
      fragments: ["--patience must be at least 1 epoch, not 0"]),
    Case(
      name: "a missing --validation file", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--validation", "v.csv"],
      fragments: ["v.csv: no such file"]),
    Case(
      name: "--validation of another shape",
      files: ["d.csv": CommandTestData.orCSV, "v.csv": "0,0,0,0\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--validation", "v.csv"],
      fragments: ["v.csv: the data has 3 inputs and 1 output per example, but the network is 2-1"]),
    Case(
      name: "--validation with a ragged row",
      files: ["d.csv": CommandTestData.orCSV, "v.csv": "0,0,0\n1,1\n"],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--validation", "v.csv"],
      fragments: ["v.csv:2: expected 3 fields, found 2"]),
    Case(
      name: "--validation targets cross-entropy cannot measure",
      files: ["d.csv": CommandTestData.orCSV, "v.csv": "0,0,0\n1,1,2\n"],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--loss", "cross-entropy", "--validation", "v.csv",
      ],
      fragments: ["v.csv: example 2 has the target 2.0; cross-entropy needs targets in [0, 1]"]),
    Case(
      name: "--save over the validation data",
      files: ["d.csv": CommandTestData.orCSV, "v.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--validation", "v.csv", "--save", "v.csv",
      ],
      fragments: ["v.csv: would overwrite the validation data"]),
    Case(
      name: "--layers with an empty width", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,,1"],
      fragments: ["--layers 2,,1: width 2 is empty"]),
    Case(
      name: "--layers with a zero width", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,0,1"],
      fragments: ["--layers 2,0,1: layer 1 has 0 units"]),
    Case(
      name: "--layers too deep", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers",
        (["2"] + Array(repeating: "2", count: 65) + ["1"]).joined(separator: ","),
      ],
      fragments: ["65 hidden layers; the most is 64"]),
    Case(
      name: "--layers with an absurd width", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,2305843009213693952,1"],
      fragments: [
        "--layers 2,2305843009213693952,1: layer 1 has 2305843009213693952 units; a layer has 1 to 65536"
      ]),
    Case(
      name: "--layers with too many parameters", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,4096,4096,1"],
      fragments: ["16797697 weights and biases; the most is 4194304"]),
    Case(
      name: "--layers not numbers", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2x4"], fragments: ["not a whole number"]),
    Case(
      name: "a learning rate that is not positive", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--learning-rate", "0"],
      fragments: ["learning rate must be a positive finite number"]),
    Case(
      name: "cross-entropy after a linear output", files: ["d.csv": CommandTestData.orCSV],
      arguments: [
        "--data", "d.csv", "--layers", "2,1", "--activation", "linear", "--loss",
        "cross-entropy",
      ], fragments: ["cross-entropy needs outputs in (0, 1)"]),
    Case(
      name: "--init of another shape",
      files: [
        "d.csv": CommandTestData.orCSV,
        "w.json":
          "{\"layers\": [2, 1], \"activations\": [\"sigmoid\"], \"weights\": [[[0, 0]]], \"biases\": [[0]]}",
      ], arguments: ["--data", "d.csv", "--layers", "2,2,1", "--init", "w.json"],
      fragments: ["w.json: the weights are for a 2-1 network, but --layers is 2-2-1"]),
    Case(
      name: "--init that is not a weights file",
      files: ["d.csv": CommandTestData.orCSV, "w.json": "{\"layers\": [2, 1],\n  \"oops\": 1}"],
      arguments: ["--data", "d.csv", "--init", "w.json"], fragments: ["w.json:2:"]),
    Case(
      name: "--save into a missing directory", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--save", "nowhere/w.json"],
      fragments: ["nowhere/w.json: cannot write: directory", "does not exist"]),
    Case(
      name: "--save over the data", files: ["d.csv": CommandTestData.orCSV],
      arguments: ["--data", "d.csv", "--layers", "2,1", "--save", "d.csv"],
      fragments: ["d.csv: would overwrite the data this run trains on"]),
  ]

  @Test("one clear line and a non-zero exit", arguments: cases)
  func badInput(_ testCase: Case) throws {
    try withTemporaryDirectory { directory in
      for (name, text) in testCase.files { try writeFile(text, named: name, in: directory) }
      let run = try Simdnet.run(["train"] + testCase.arguments, in: directory)
      for fragment in testCase.fragments { Simdnet.expectOneLineError(run, fragment) }
      // Nothing but the inputs is left behind.
      let left = try FileManager.default.contentsOfDirectory(atPath: directory)
      #expect(Set(left) == Set(testCase.files.keys), "\(left)")
    }
  }
}

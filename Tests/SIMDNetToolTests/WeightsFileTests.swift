import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

@Suite("Weights files")
struct WeightsFileTests {
  static let xor = """
    {
      "layers": [2, 2, 1],
      "activations": ["sigmoid", "sigmoid-table"],
      "weights": [
        [
          [1.5, -2.0],
          [0.25, 3.0]
        ],
        [
          [-0.0, 5e-324]
        ]
      ],
      "biases": [
        [0.5, -0.5],
        [1.7976931348623157e+308]
      ]
    }

    """

  func read(_ text: String) throws(ToolError) -> WeightsFile {
    try WeightsFile(json: JSONValue.parse(Array(text.utf8), path: "w.json"), path: "w.json")
  }

  func message(_ text: String) -> String? {
    toolErrorMessage { () throws(ToolError) in _ = try read(text) }
  }

  @Test("reads the design's schema and writes it back byte for byte")
  func readsAndWrites() throws {
    let file = try read(Self.xor)
    #expect(file.layers == [2, 2, 1])
    #expect(file.activations == [.sigmoid, .tableSigmoid])
    #expect(file.weights == [[[1.5, -2], [0.25, 3]], [[0, .leastNonzeroMagnitude]]])
    #expect(file.weights[1][0][0].sign == .minus)
    #expect(file.biases == [[0.5, -0.5], [.greatestFiniteMagnitude]])
    #expect(file.jsonText == Self.xor)
    #expect(file.shapeDescription == "2-2-1")
  }

  @Test("random weights round-trip bit for bit, subnormals, ±0 and extremes included")
  func roundTrip() throws {
    var generator = SplitMix64(state: 1)
    for shape in [[1, 1], [2, 1], [3, 5, 2], [4, 8, 8, 3], [2, 3, 3, 3, 1], [16, 16, 4]] {
      for _ in 0..<20 {
        let file = try randomWeightsFile(layers: shape, using: &generator)
        let text = file.jsonText
        let back = try read(text)
        #expect(back.isBitwiseIdentical(to: file), "\(text)")
        #expect(back.jsonText == text)
      }
    }
    // Every awkward value in one file.
    let file = try WeightsFile(
      layers: [awkwardDoubles.count, 1], activations: [.linear], weights: [[awkwardDoubles]],
      biases: [[-0.0]])
    #expect(try read(file.jsonText).isBitwiseIdentical(to: file))
  }

  @Test("save and load through a file")
  func saveAndLoad() throws {
    try withTemporaryDirectory { directory in
      var generator = SplitMix64(state: 5)
      let file = try randomWeightsFile(layers: [3, 4, 2], using: &generator)
      let path = directory + "/w.json"
      try file.save(to: path)
      #expect(try WeightsFile.load(path: path).isBitwiseIdentical(to: file))
      #expect(
        toolErrorMessage { () throws(ToolError) in
          _ = try WeightsFile.load(path: directory + "/none.json")
        } == "\(directory)/none.json: no such file")
    }
  }

  @Test(
    "bad shapes and values name the line, the layer and the unit",
    arguments: [
      (
        "[1]",
        "w.json:1:1: expected a JSON object with \"layers\", \"activations\", \"weights\" and \"biases\""
      ),
      (
        #"{"layers": [2, 1], "activations": ["linear"], "weights": [[[1, 2]]]}"#,
        "w.json:1:1: missing \"biases\""
      ),
      (
        #"{"layers": [2, 1], "activations": ["linear"], "weights": [[[1, 2]]], "biases": [[0]], "bias": 1}"#,
        "w.json:1:95: unknown key \"bias\"; a weights file has \"layers\", \"activations\", "
          + "\"weights\" and \"biases\", and may have \"features\", \"targets\", \"classes\", "
          + "\"inputScaling\", \"outputScaling\""
      ),
      (
        #"{"layers": [2], "activations": [], "weights": [], "biases": []}"#,
        "w.json:1:12: \"layers\" needs at least 2 entries (inputs and outputs), found 1"
      ),
      (
        #"{"layers": [2, 0], "activations": ["linear"], "weights": [[]], "biases": [[]]}"#,
        "w.json:1:16: layers[1] must be a whole number of units, at least 1"
      ),
      (
        #"{"layers": [2, 1.5], "activations": ["linear"], "weights": [[]], "biases": [[]]}"#,
        "w.json:1:16: layers[1] must be a whole number of units, at least 1"
      ),
      (
        #"{"layers": [2, 1], "activations": [], "weights": [[[1, 2]]], "biases": [[0]]}"#,
        "w.json:1:35: \"activations\" has 0 entries; expected 1 (one per layer after the inputs)"
      ),
      (
        #"{"layers": [2, 1], "activations": ["sigmod"], "weights": [[[1, 2]]], "biases": [[0]]}"#,
        "w.json:1:36: activations[0]: unknown activation \"sigmod\"; expected sigmoid, "
          + "sigmoid-table, tanh, relu, linear or softmax"
      ),
      (
        #"{"layers": [2, 2, 3], "activations": ["softmax", "softmax"], "weights": [], "biases": []}"#,
        "w.json:1:39: activations[0]: softmax is an output-layer activation; a hidden layer "
          + "cannot use it (layer 1 is hidden)"
      ),
      (
        #"{"layers": [2, 1], "activations": [1], "weights": [[[1, 2]]], "biases": [[0]]}"#,
        "w.json:1:36: activations[0]: must be a string; expected sigmoid, sigmoid-table, tanh, "
          + "relu, linear or softmax"
      ),
      (
        #"{"layers": [2, 1], "activations": ["relu"], "weights": [], "biases": [[0]]}"#,
        "w.json:1:56: \"weights\" has 0 entries; expected 1 (one matrix per layer after the inputs)"
      ),
      (
        #"{"layers": [2, 1], "activations": ["relu"], "weights": [[[1, 2], [3, 4]]], "biases": [[0]]}"#,
        "w.json:1:57: weights[0] has 2 rows; expected 1 (layer 1 has 1 unit)"
      ),
      (
        "{\"layers\": [2, 3, 1], \"activations\": [\"relu\", \"tanh\"],\n"
          + "\"weights\": [[[1, 2], [3, 4], [5, 6]],\n [[1, 2]]],\n \"biases\": [[0, 0, 0], [0]]}",
        "w.json:3:3: weights[1][0] (unit 0 of layer 2) has 2 weights; expected 3 "
          + "(layer 1 has 3 units)"
      ),
      (
        #"{"layers": [2, 1], "activations": ["relu"], "weights": [[[1, "2"]]], "biases": [[0]]}"#,
        "w.json:1:62: weights[0][0][1] must be a number"
      ),
      (
        #"{"layers": [2, 1], "activations": ["relu"], "weights": [[[1, 1e400]]], "biases": [[0]]}"#,
        "w.json:1:62: weights[0][0][1] (1e400) is out of the range of a Double"
      ),
      (
        #"{"layers": [2, 1], "activations": ["relu"], "weights": [[[1, 2]]], "biases": [[0, 1]]}"#,
        "w.json:1:79: biases[0] has 2 values; expected 1 (layer 1 has 1 unit)"
      ),
      (
        #"{"layers": [2, 1], "activations": ["relu"], "weights": [[[1, 2]]], "biases": [[null]]}"#,
        "w.json:1:80: biases[0][0] must be a number"
      ),
      // Shapes the tool cannot build are refused where "layers" is, before
      // anything is read by them.
      (
        #"{"layers": [2, 70000, 1], "activations": [], "weights": [], "biases": []}"#,
        "w.json:1:12: \"layers\": layer 1 has 70000 units; a layer has 1 to 65536"
      ),
      (
        #"{"layers": [2, 9223372036854775807], "activations": [], "weights": [], "biases": []}"#,
        "w.json:1:12: \"layers\": layer 1 has 9223372036854775807 units; a layer has 1 to 65536"
      ),
    ])
  func badFiles(text: String, expected: String) {
    #expect(message(text) == expected)
  }

  @Test("an unsupported depth is an error naming the file, in every command that reads one")
  func unsupportedDepth() throws {
    let depth = 67
    let text =
      "{\"layers\": [" + Array(repeating: "1", count: depth).joined(separator: ", ")
      + "], \"activations\": ["
      + Array(repeating: "\"relu\"", count: depth - 1).joined(
        separator: ", ") + "], \"weights\": [], \"biases\": []}"
    let expected = "w.json:1:12: \"layers\": 65 hidden layers; the most is 64"
    #expect(message(text) == expected)
    try withTemporaryDirectory { directory in
      try writeFile(text, named: "w.json", in: directory)
      try writeFile("0,0\n1,1\n", named: "d.csv", in: directory)
      for arguments in [
        ["predict", "--weights", "w.json"],
        ["evaluate", "--weights", "w.json", "--data", "d.csv"],
        ["gradcheck", "--weights", "w.json", "--data", "d.csv"],
        ["export", "--weights", "w.json", "--name", "deep"],
        ["train", "--data", "d.csv", "--init", "w.json"],
      ] {
        Simdnet.expectOneLineError(
          try Simdnet.run(arguments, in: directory, stdin: "1\n"), expected)
      }
    }
  }

  @Test("values built in code are checked too, and NaN or infinity is refused")
  func initialiserChecks() {
    func message(
      _ layers: [Int], _ weights: [[[Double]]], _ biases: [[Double]],
      _ activations: [Activation] = [.linear]
    ) -> String? {
      toolErrorMessage { () throws(ToolError) in
        _ = try WeightsFile(
          layers: layers, activations: activations, weights: weights, biases: biases)
      }
    }
    #expect(
      message([2, 1], [[[1, .nan]]], [[0]])
        == "weights[0][0][1] (unit 0 of layer 1, from unit 1) is nan; weights must be finite")
    #expect(
      message([2, 1], [[[1, 2]]], [[-.infinity]])
        == "biases[0][0] (unit 0 of layer 1) is -inf; biases must be finite")
    #expect(
      message([2], [], [], [])
        == "a network needs at least 2 layers (inputs and outputs), found 1")
    #expect(message([2, 1], [[[1, 2]]], [[0]], []) == "0 activations for 2 layers; need 1")
    #expect(
      message([2, 1], [[[1, 2, 3]]], [[0]])
        == "weights[0][0] (unit 0 of layer 1) has 3 weights; layer 0 has 2 units")
  }

  @Test("to and from the kernel's networks, in the kernel's parameter order")
  func kernelNetworks() throws {
    var generator = SplitMix64(state: 9)
    let file = try randomWeightsFile(
      layers: [3, 4, 2, 1], activations: [.relu, .tanh, .tableSigmoid], using: &generator)
    let network = try file.network(as: MLP2<3, 4, 2, 1>.self)
    #expect(network.lower.activation == .relu && network.upper.upper.activation == .tableSigmoid)
    #expect(network.lower.weights[3][2].bitPattern == file.weights[0][3][2].bitPattern)
    #expect(network.upper.lower.biases[1].bitPattern == file.biases[1][1].bitPattern)
    for (k, value) in file.parameters.enumerated() {
      #expect(network[parameter: k].bitPattern == value.bitPattern)
    }
    #expect(try WeightsFile(network).isBitwiseIdentical(to: file))
    let dynamic = try DynamicNetwork(file)
    #expect(dynamic.parameters.map(\.bitPattern) == file.parameters.map(\.bitPattern))
    #expect(dynamic.layerWidths == [3, 4, 2, 1])
    #expect(dynamic.layerActivations == [.relu, .tanh, .tableSigmoid])
    #expect(try WeightsFile(dynamic).isBitwiseIdentical(to: file))
    var broken = Layer<2, 1>(activation: .sigmoid)
    broken.biases[0] = .nan
    #expect(
      toolErrorMessage { () throws(ToolError) in _ = try WeightsFile(broken) }
        == "biases[0][0] (unit 0 of layer 1) is nan; biases must be finite")
  }
}

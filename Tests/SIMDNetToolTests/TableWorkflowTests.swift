import Foundation
import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// A network trained from a table: its scaling and names in the weights
/// file, evaluate's confusion matrix, predict's class names.
@Suite("Tables: weights files, evaluate and predict")
struct TableWorkflowTests {
  @Test("scaling and names read back to the same bits")
  func roundTrip() throws {
    var generator = SplitMix64(state: 15)
    let nonZero = awkwardDoubles.filter { $0 != 0 }
    let file = try randomWeightsFile(layers: [3, 2], using: &generator).describing(
      inputScaling: FeatureScaling(
        shift: Array(awkwardDoubles.prefix(3)), spread: Array(nonZero.suffix(3))),
      outputScaling: FeatureScaling(shift: [-0.0, 0.1], spread: [nonZero[0], 1.0 / 3]),
      features: ["a", "b \"c\"", "ü,v"], targets: ["y", "z"])
    let text = file.jsonText
    let back = try WeightsFile(
      json: JSONValue.parse(Array(text.utf8), path: "w.json"), path: "w.json")
    #expect(back.isBitwiseIdentical(to: file))
    #expect(
      back.inputScaling!.spread.map(\.bitPattern) == file.inputScaling!.spread.map(\.bitPattern))
    #expect(back.jsonText == text)
    // The network carries the scaling both ways.
    #expect(try WeightsFile(DynamicNetwork(back)).inputScaling == file.inputScaling)
    // A file without the keys is written as before.
    let plain = try randomWeightsFile(layers: [2, 1], using: &generator)
    #expect(!plain.jsonText.contains("Scaling") && !plain.jsonText.contains("classes"))
  }

  @Test(
    "bad table keys: one error naming the file, line and column",
    arguments: [
      (
        #""inputScaling": {"shift": [0, 0], "spread": [1, 0]}"#,
        "w.json:2:17: \"inputScaling\".spread[1] is 0.0; a spread must be finite and not zero"
      ),
      (
        #""inputScaling": {"shift": [0], "spread": [1]}"#,
        "w.json:2:17: \"inputScaling\".shift has 1 value; the network has 2 inputs"
      ),
      (#""classes": ["a", "a"]"#, "w.json:2:12: \"classes\" has 2 names; the network has 1 output"),
      (#""features": ["a", "a"]"#, "w.json:2:13: \"features\"[1] repeats \"a\""),
      (
        #""outputScaling": {"shift": [0], "spread": [1], "mean": 2}"#,
        "w.json:2:56: unknown key \"mean\" in \"outputScaling\"; it has \"shift\" and \"spread\""
      ),
    ])
  func badKeys(member: String, expected: String) {
    let text =
      "{\"layers\": [2, 1], \"activations\": [\"linear\"], \"weights\": [[[1, 2]]], \"biases\": [[0]],\n"
      + member + "}"
    #expect(
      toolErrorMessage { () throws(ToolError) in
        _ = try WeightsFile(json: JSONValue.parse(Array(text.utf8), path: "w.json"), path: "w.json")
      } == expected)
  }

  @Test("the confusion matrix, precision and recall of a hand-made example")
  func confusion() throws {
    // Output k is input k: the predicted class is the largest input.
    var network = DynamicNetwork(layerWidths: [3, 3], activations: [.linear])
    for (p, value) in [1.0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0].enumerated() {
      network[parameter: p] = value
    }
    // True classes a, a, a, b, b, c; predicted a, b, a, b, b, b.
    let inputs: [[Double]] = [
      [1, 0, 0], [0, 1, 0], [2, 1, 1], [0, 3, 0], [0, 1, 0.5], [0, 1, 0],
    ]
    let classes = [0, 0, 0, 1, 1, 2]
    let data = Dataset<LaneArray, LaneArray>(count: 6, inputWidth: 3, targetWidth: 3) { n in
      (inputs[n], (0..<3).map { $0 == classes[n] ? 1 : 0 })
    }
    let matrix = ConfusionMatrix(network, on: data, classes: ["a", "b", "c"])
    #expect(matrix.counts == [[2, 1, 0], [0, 2, 0], [0, 1, 0]])
    #expect(matrix.precision(0) == 1 && matrix.precision(1) == 0.5 && matrix.precision(2) == nil)
    #expect(matrix.recall(0) == 2.0 / 3 && matrix.recall(1) == 1 && matrix.recall(2) == 0)
    #expect(matrix.unclassified == [0, 0, 0])
  }

  /// A network whose output overflows to NaN for some inputs: one output
  /// is `1e308·x₁ − 1e308·x₂`, which is ∞ − ∞ for (2, 2).
  static let overflowing = """
    {"layers": [2, 2], "activations": ["linear"], "weights": [[[1e308, -1e308], [0, 1]]],
    "biases": [[0, 0]], "classes": ["a", "b"], "features": ["x", "y"]}
    """

  @Test("an example with a NaN output is unclassified: every row sums to its class's examples")
  func unclassified() throws {
    try withTemporaryDirectory { directory in
      try writeFile(Self.overflowing, named: "w.json", in: directory)
      // a: (2, 2) gives NaN, (1, 0) gives a; b: (0, 1) gives b, (0, 3) gives b.
      try writeFile("x,y,kind\n2,2,a\n1,0,a\n0,1,b\n0,3,b\n", named: "t.csv", in: directory)
      let evaluate = try Simdnet.run(
        [
          "evaluate", "--weights", "w.json", "--data", "t.csv", "--label", "kind", "--report",
          "json",
        ],
        in: directory)
      #expect(evaluate.status == 0, "\(evaluate.stderr)")
      let report = try evaluate.report()
      #expect(report["examples"]?.doubleValue == 4 && report["correct"]?.doubleValue == 3)
      let matrix = report["confusion_matrix"]
      #expect(
        matrix?["counts"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.doubleValue) }
          == [[1, 0], [0, 2]])
      #expect(matrix?["unclassified"]?.arrayValue?.compactMap(\.doubleValue) == [1, 0])
      // Recall of a: 1 of its 2 examples; precision of a: 1 of the 1 predicted a.
      #expect(report["recall"]?["a"]?.doubleValue == 0.5)
      #expect(report["precision"]?["a"]?.doubleValue == 1)
      #expect(report["recall"]?["b"]?.doubleValue == 1)
    }
  }

  static let train = """
    "size (cm)",weight,kind\r
    1.0,100,small\r
    1.2,120,small\r
    0.9,95,small\r
    3.0,300,"big, round"\r
    3.1,320,"big, round"\r
    2.8,290,"big, round"\r

    """
  static let test =
    "weight,size (cm),kind\n110,1.1,small\n310,3.0,\"big, round\"\n100,1.0,\"big, round\"\n"

  @Test("train from a labelled table with scaling, evaluate, predict the class from raw features")
  func workflow() throws {
    try withTemporaryDirectory { directory in
      try writeFile(Self.train, named: "train.csv", in: directory)
      try writeFile(Self.test, named: "test.csv", in: directory)
      let train = try Simdnet.run(
        [
          "train", "--data", "train.csv", "--label", "kind", "--scale", "standard", "--layers",
          "2,3,2", "--activation", "tanh", "--output-activation", "sigmoid", "--loss",
          "cross-entropy", "--optimizer", "rprop", "--epochs", "100", "--quiet", "--save", "w.json",
        ], in: directory)
      #expect(train.status == 0, "\(train.stderr)")
      let weights = try WeightsFile.load(path: directory + "/w.json")
      #expect(weights.classes == ["big, round", "small"])
      #expect(weights.features == ["size (cm)", "weight"])
      let sizes = [1.0, 1.2, 0.9, 3.0, 3.1, 2.8]
      #expect(weights.inputScaling?.shift[0] == sizes.reduce(0, +) / 6)

      // The test table's columns are in another order: found by name.
      let evaluate = try Simdnet.run(
        [
          "evaluate", "--weights", "w.json", "--data", "test.csv", "--label", "kind",
          "--loss", "cross-entropy", "--report", "json",
        ], in: directory)
      #expect(evaluate.status == 0, "\(evaluate.stderr)")
      let report = try evaluate.report()
      #expect(report["accuracy"]?.doubleValue == 2.0 / 3)
      let counts = report["confusion_matrix"]?["counts"]?.arrayValue?.map {
        $0.arrayValue?.compactMap(\.doubleValue)
      }
      #expect(counts == [[1, 1], [0, 1]])
      #expect(report["precision"]?["small"]?.doubleValue == 0.5)
      #expect(report["recall"]?["big, round"]?.doubleValue == 0.5)

      let predict = try Simdnet.run(
        ["predict", "--weights", "w.json"], in: directory, stdin: "1.1,110\n3.0,310\n")
      #expect(predict.stdout == "small\n\"big, round\"\n", "\(predict.stderr)")
      let probabilities = try Simdnet.run(
        ["predict", "--weights", "w.json", "--probabilities"], in: directory, stdin: "1.1,110\n")
      let fields = probabilities.stdout.dropLast().split(separator: ",")
      #expect(fields.count == 3 && fields[0] == "small")
      // The same bits as the network without its scaling on inputs scaled
      // by the formula written out here.
      var plain = try DynamicNetwork(weights)
      let scaling = try #require(plain.inputScaling)
      plain.inputScaling = nil
      let x = [
        (1.1 - scaling.shift[0]) / scaling.spread[0], (110 - scaling.shift[1]) / scaling.spread[1],
      ]
      #expect(fields.dropFirst().map { Double(String($0))! } == plain.predict(x))

      try writeFile("weight,size (cm),kind\n110,1.1,tiny\n", named: "bad.csv", in: directory)
      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["evaluate", "--weights", "w.json", "--data", "bad.csv", "--label", "kind"],
          in: directory),
        "bad.csv:2:9: the label \"tiny\" (column \"kind\") is not a class the network knows")
      Simdnet.expectOneLineError(
        try Simdnet.run(["evaluate", "--weights", "w.json", "--data", "test.csv"], in: directory),
        "w.json: the network names classes; give the column that holds them, --label COLUMN")
    }
  }
}

import Foundation
import SIMDNetFixtures
import Testing

/// The generated constants used the way a daemon uses them: imported,
/// compiled in, and run, with no file read at start-up. The examples and
/// targets are written out here, and the iris tables are read with plain
/// Foundation code, so these tests do not lean on the tool that generated
/// the files.
@Suite("Fixture networks")
struct FixtureNetworkTests {
  static let gateInputs: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]

  /// `network`'s yes/no answers (ŷ > 0.5) for the four gate inputs.
  static func answers<N: Network>(_ network: N) -> [Bool]
  where N.Input.Scalars == InlineArray<2, Double>, N.Output.Scalars == InlineArray<1, Double> {
    gateInputs.map { x in
      let input: InlineArray<2, Double> = [x[0], x[1]]
      return network.predict(input)[0] > 0.5
    }
  }

  @Test("orNeuron computes OR")
  func orGate() {
    #expect(Self.answers(orNeuron) == [false, true, true, true])
  }

  @Test("orNeuron is the lecture's neuron after 5000 epochs, bit for bit")
  func orNeuronIsTheLecturesTraining() {
    // The lecture's run, replayed by the kernel alone: W = [0.1, 0.6],
    // b = 0, exact sigmoid, half squared error, batch descent, α = 1.
    var training = Training(
      network: Layer<2, 1>(weights: [[0.1, 0.6]], biases: [0], activation: .sigmoid),
      learningRate: 1)
    var data = Dataset<Layer<2, 1>.Input, Layer<2, 1>.Output>(
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [1]])
    training.run(epochs: 5000, on: &data)
    #expect(
      training.network.parameters.map(\.bitPattern) == orNeuron.parameters.map(\.bitPattern))
    #expect(orNeuron.activation == .sigmoid)
  }

  @Test("andNeuron computes AND")
  func andGate() {
    #expect(Self.answers(andNeuron) == [false, false, false, true])
  }

  @Test("xorNetwork computes XOR, which needs its hidden layer")
  func xorGate() {
    #expect(Self.answers(xorNetwork) == [false, true, true, false])
    // As Fixtures/README.md shows it: one example, an array literal.
    #expect(xorNetwork.predict([1, 0])[0] > 0.9)
  }

  @Test("irisNetwork names the species of at least 29 of the 30 held-out flowers, from raw cm")
  func irisTestAccuracy() throws {
    let examples = try Self.irisTable("iris-test.csv")
    #expect(examples.count == 30)
    #expect(irisNetworkClasses == ["setosa", "versicolor", "virginica"])
    var correct = 0
    for (features, species) in examples {
      let input: InlineArray<4, Double> = [features[0], features[1], features[2], features[3]]
      let output = irisNetwork.predict(input)
      // The largest output, found here rather than by the kernel's classify.
      let predicted = (0..<3).max { output[$0] < output[$1] }!
      #expect(irisNetwork.classify(input) == predicted)
      if irisNetworkClasses[predicted] == species { correct += 1 }
    }
    #expect(correct >= 29, "iris-test accuracy \(correct)/\(examples.count)")
  }

  @Test("iris-train.csv and iris-test.csv are together exactly the rows of the raw source")
  func irisSplitIsTheSource() throws {
    // Fixtures/raw/iris-sklearn.csv: a header "150,4,setosa,versicolor,virginica"
    // (rows, features, the class names), then four numbers and the class index.
    let text = try String(
      contentsOf: Self.packageRoot.appendingPathComponent("Fixtures/raw/iris-sklearn.csv"),
      encoding: .utf8)
    let lines = text.split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    try #require(header.count == 5 && header[0] == "150" && header[1] == "4")
    let names = Array(header[2...])
    var source: [String] = []
    for line in lines.dropFirst() {
      let fields = line.split(separator: ",").map(String.init)
      try #require(fields.count == 5)
      let values = try fields[0..<4].map { try #require(Double($0)) }
      let index = try #require(Int(fields[4]))
      source.append(values.map { "\($0)" }.joined(separator: ",") + "," + names[index])
    }
    #expect(source.count == 150)
    let split = try (Self.irisTable("iris-train.csv") + Self.irisTable("iris-test.csv")).map {
      $0.features.map { "\($0)" }.joined(separator: ",") + "," + $0.species
    }
    #expect(split.count == 150)
    // Every flower once: the same multiset of rows (iris has duplicates).
    #expect(split.sorted() == source.sorted())
  }

  @Test("each constant has the shape and activations the manifest gives it")
  func shapesMatchTheManifest() throws {
    // widths, inputs first, and activations, read from the compiled constants
    let compiled: [String: (layers: [Int], activations: [Activation])] = [
      "orNeuron": ([orNeuron.inputWidth, orNeuron.outputWidth], [orNeuron.activation]),
      "andNeuron": ([andNeuron.inputWidth, andNeuron.outputWidth], [andNeuron.activation]),
      "xorNetwork": (
        [xorNetwork.inputWidth, xorNetwork.lower.outputWidth, xorNetwork.outputWidth],
        [xorNetwork.lower.activation, xorNetwork.upper.activation]
      ),
      "irisNetwork": (
        [
          irisNetwork.base.inputWidth, irisNetwork.base.lower.outputWidth,
          irisNetwork.base.outputWidth,
        ],
        [irisNetwork.base.lower.activation, irisNetwork.base.upper.activation]
      ),
    ]
    let names: [String: Activation] = [
      "sigmoid": .sigmoid, "sigmoid-table": .tableSigmoid, "tanh": .tanh, "relu": .relu,
      "linear": .linear, "softmax": .softmax,
    ]
    let manifest = try JSONSerialization.jsonObject(
      with: Data(contentsOf: Self.packageRoot.appendingPathComponent("Fixtures/manifest.json")))
    let entries = try #require((manifest as? [String: Any])?["fixtures"] as? [[String: Any]])
    #expect(Set(entries.compactMap { $0["name"] as? String }) == Set(compiled.keys))
    for entry in entries {
      let name = try #require(entry["name"] as? String)
      let layers = try #require(entry["layers"] as? [Int])
      let activation = try #require(entry["activation"] as? String)
      let hidden = try #require(names[activation])
      let output = try #require(names[entry["output_activation"] as? String ?? activation])
      let constant = try #require(compiled[name])
      #expect(constant.layers == layers, "\(name)")
      #expect(
        constant.activations == Array(repeating: hidden, count: layers.count - 2) + [output],
        "\(name)")
    }
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A raw iris table in Fixtures: a header, then four measurements in
  /// centimetres and the species name per line.
  static func irisTable(_ file: String) throws -> [(features: [Double], species: String)] {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("Fixtures/" + file), encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines.first == "sepal_length,sepal_width,petal_length,petal_width,species")
    return try lines.dropFirst().map { line in
      let fields = line.split(separator: ",").map(String.init)
      try #require(fields.count == 5)
      return (try fields[0..<4].map { try #require(Double($0)) }, fields[4])
    }
  }
}

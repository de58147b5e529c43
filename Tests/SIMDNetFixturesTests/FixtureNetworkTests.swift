import Foundation
import SIMDNetFixtures
import Testing

/// The generated constants used the way a daemon uses them: imported,
/// compiled in, and run, with no file read at start-up. The examples and
/// targets are written out here, and iris-test.csv is read with plain
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

  @Test("irisNetwork classifies at least 90% of the held-out iris-test.csv")
  func irisTestAccuracy() throws {
    let examples = try Self.irisTest()
    #expect(examples.count == 30)
    var correct = 0
    for (features, species) in examples {
      let input: InlineArray<4, Double> = [features[0], features[1], features[2], features[3]]
      let output = irisNetwork.predict(input)
      let predicted = (0..<3).max { output[$0] < output[$1] }!
      if predicted == species { correct += 1 }
    }
    let accuracy = Double(correct) / Double(examples.count)
    #expect(accuracy >= 0.9, "iris-test accuracy \(correct)/\(examples.count)")
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
        [irisNetwork.inputWidth, irisNetwork.lower.outputWidth, irisNetwork.outputWidth],
        [irisNetwork.lower.activation, irisNetwork.upper.activation]
      ),
    ]
    let names: [String: Activation] = [
      "sigmoid": .sigmoid, "sigmoid-table": .tableSigmoid, "tanh": .tanh, "relu": .relu,
      "linear": .linear,
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

  /// Fixtures/iris-test.csv: a header, then four standardised features and
  /// three one-hot class columns per line.
  static func irisTest() throws -> [(features: [Double], species: Int)] {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("Fixtures/iris-test.csv"), encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(
      lines.first
        == "sepal_length,sepal_width,petal_length,petal_width,setosa,versicolor,virginica")
    return try lines.dropFirst().map { line in
      let values = try line.split(separator: ",").map { try #require(Double(String($0))) }
      try #require(values.count == 7)
      return (Array(values[0..<4]), try #require(values[4...].firstIndex(of: 1)) - 4)
    }
  }
}

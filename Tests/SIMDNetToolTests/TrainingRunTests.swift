import Foundation
import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// `TrainingRun` is the kernel's `Training` with a tool around it: these
/// tests hold its weights bit for bit against the kernel run directly on
/// fixed-size networks, and check what the tool adds (initialisation,
/// shuffling streams, the cost curve, divergence, validation).
@Suite("TrainingRun")
struct TrainingRunTests {
  static func data(_ csv: String, path: String = "data.csv", outputs: Int = 1) throws
    -> DatasetFile
  {
    try DatasetFile.parse(Array(csv.utf8), path: path, format: .csv, outputs: outputs)
  }

  static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

  /// Seven examples, so that batches of 3 and 4 leave partial blocks.
  static let sevenCSV = """
    0,0,0
    0,1,1
    1,0,1
    1,1,0
    0.5,-1.5,0
    2,0.25,1
    -1,3,0

    """

  @Test("the lecture's OR neuron reaches the kernel's own weights, bit for bit")
  func lectureOR() throws {
    try withTemporaryDirectory { directory in
      let path = try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
      let data = try DatasetFile.load(path: path)
      let initial = try WeightsFile(
        layers: [2, 1], activations: [.sigmoid], weights: [[[0.1, 0.6]]], biases: [[0]])
      let spec = TrainingSpec(
        layers: [2, 1], learningRate: 1, epochs: 5000, initialWeights: initial)
      let result = try TrainingRun.run(spec, on: data)

      let lecture = Layer<2, 1>(weights: [[0.1, 0.6]], biases: [0], activation: .sigmoid)
      var examples = Dataset<Layer<2, 1>.Input, Layer<2, 1>.Output>(
        inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [1]])
      var training = Training(network: lecture, learningRate: 1)
      training.run(epochs: 5000, on: &examples)

      #expect(Self.bits(result.weights.parameters) == Self.bits(training.network.parameters))
      let finalCost = training.network.cost(on: examples, loss: .halfSquaredError)
      #expect(result.finalCost.bitPattern == finalCost.bitPattern)
      #expect(
        result.costCurve[0].cost.bitPattern
          == lecture.cost(on: examples, loss: .halfSquaredError).bitPattern)
      #expect(result.costCurve.map(\.epoch) == [0] + (1...100).map { $0 * 50 })
      #expect(result.trainAccuracy == 1)
      #expect(result.epochs == 5000)
    }
  }

  @Test("XOR 2-4-1 learns from random initial weights", arguments: [1, 2] as [UInt64])
  func xorLearns(seed: UInt64) throws {
    let spec = TrainingSpec(layers: [2, 4, 1], learningRate: 2, epochs: 5000, seed: seed)
    let result = try TrainingRun.run(spec, on: Self.data(CommandTestData.xorCSV))
    #expect(result.trainAccuracy == 1)
    #expect(result.finalCost < 0.01)
    #expect(result.finalCost < result.costCurve[0].cost)
  }

  @Test(
    "each optimizer, with and without shuffling, is the kernel's Training with the documented seeds",
    arguments: [
      (OptimizerName.batch, false), (.minibatch, false), (.minibatch, true), (.sgd, false),
      (.sgd, true),
    ])
  func optimizerMatchesKernel(optimizer: OptimizerName, shuffle: Bool) throws {
    let spec = TrainingSpec(
      layers: [2, 3, 1], activation: .tanh, outputActivation: .sigmoid, optimizer: optimizer,
      batchSize: optimizer == .minibatch ? 3 : nil, shuffle: shuffle, learningRate: 0.5,
      epochs: 20, seed: 5)
    let result = try TrainingRun.run(spec, on: Self.data(Self.sevenCSV))
    let batching: Batching =
      switch optimizer {
      case .batch: .batch
      case .minibatch: .miniBatch(size: 3)
      case .sgd: .stochastic
      case .momentum, .rprop, .adam: preconditionFailure("plain gradient descent only")
      }
    let kernel = TrainingRunOptimizerTests.kernelRun(
      .init(
        name: optimizer.rawValue, spec: spec, learningRate: 0.5, batching: batching,
        optimizer: .gradientDescent), optimizer: .gradientDescent)
    #expect(Self.bits(result.weights.parameters) == kernel.parameters)
  }

  @Test("updates per epoch: one for batch, ⌈m/size⌉ for minibatch, m for sgd")
  func updateCounts() throws {
    let data = try Self.data(Self.sevenCSV)
    let initial = try TrainingRun.run(TrainingSpec(layers: [2, 1], epochs: 0, seed: 3), on: data)
      .weights
    func weights(_ optimizer: OptimizerName, batchSize: Int? = nil, shuffle: Bool = false) throws
      -> [UInt64]
    {
      let spec = TrainingSpec(
        layers: [2, 1], optimizer: optimizer, batchSize: batchSize, shuffle: shuffle,
        learningRate: 0.9, epochs: 1, seed: 3)
      return Self.bits(try TrainingRun.run(spec, on: data).weights.parameters)
    }
    // A mini-batch as large as the data is one batch update; a mini-batch
    // of one is stochastic descent.
    #expect(try weights(.minibatch, batchSize: 7) == weights(.batch))
    #expect(try weights(.minibatch, batchSize: 100) == weights(.batch))
    #expect(try weights(.minibatch, batchSize: 1) == weights(.sgd))
    #expect(try weights(.minibatch, batchSize: 3) != weights(.batch))

    // sgd: seven single-example updates in file order, by hand.
    var network = try initial.network(as: Layer<2, 1>.self)
    let examples = try data.dataset(for: network)
    for n in 0..<7 {
      var step = Training(network: network, learningRate: 0.9)
      step.computeGradient(over: n..<n + 1, of: examples)
      step.update()
      network = step.network
    }
    #expect(try weights(.sgd) == Self.bits(network.parameters))
    // Shuffling changes the order of the seven updates.
    #expect(try weights(.sgd, shuffle: true) != weights(.sgd))
  }

  @Test("shuffling draws from seed + 1, so the initial weights do not depend on it")
  func separateStreams() throws {
    let data = try Self.data(Self.sevenCSV)
    let plain = TrainingSpec(layers: [2, 2, 1], epochs: 0, seed: 9)
    var shuffled = plain
    shuffled.shuffle = true
    #expect(
      try TrainingRun.run(plain, on: data).weights.isBitwiseIdentical(
        to: TrainingRun.run(shuffled, on: data).weights))
    #expect(shuffled.shuffleSeed == 10)
    #expect(TrainingSpec(layers: [1, 1], seed: .max).shuffleSeed == 0)
  }

  @Test("two runs give the same bits: weights, curve and final cost")
  func deterministic() throws {
    let spec = TrainingSpec(
      layers: [2, 4, 1], activation: .tableSigmoid, optimizer: .minibatch, batchSize: 2,
      shuffle: true, learningRate: 1.5, epochs: 300, seed: 42)
    let data = try Self.data(CommandTestData.xorCSV)
    let first = try TrainingRun.run(spec, on: data)
    let second = try TrainingRun.run(spec, on: data)
    #expect(first.weights.isBitwiseIdentical(to: second.weights))
    #expect(first.costCurve.map(\.epoch) == second.costCurve.map(\.epoch))
    #expect(Self.bits(first.costCurve.map(\.cost)) == Self.bits(second.costCurve.map(\.cost)))
    #expect(first.finalCost.bitPattern == second.finalCost.bitPattern)
    #expect(first.weights.jsonText == second.weights.jsonText)
  }

  @Test("a huge learning rate stops with an error naming the first bad epoch")
  func divergence() throws {
    let data = try Self.data(CommandTestData.xorCSV)
    let spec = TrainingSpec(
      layers: [2, 1], activation: .linear, learningRate: 1e6, epochs: 1000)
    var messages: [String] = []
    for points in [1, 7, 100] {
      let message = toolErrorMessage { () throws(ToolError) in
        _ = try TrainingRun.run(spec, on: data, curvePoints: points)
      }
      #expect(message?.contains("diverged at epoch") == true, "\(message ?? "no error")")
      messages.append(message ?? "")
    }
    // Replaying from the last good curve point finds the same epoch however
    // sparse the curve is.
    #expect(Set(messages).count == 1, "\(messages)")
  }

  @Test("the cost curve: epoch 0, then evenly spaced epochs ending with the last")
  func curve() throws {
    #expect(TrainingRun.curveEpochs(epochs: 5000, points: 100) == (1...100).map { $0 * 50 })
    #expect(TrainingRun.curveEpochs(epochs: 7, points: 100) == Array(1...7))
    #expect(TrainingRun.curveEpochs(epochs: 10, points: 3) == [4, 7, 10])
    #expect(TrainingRun.curveEpochs(epochs: 0, points: 100) == [])
    #expect(TrainingRun.curveEpochs(epochs: 999, points: 1) == [999])

    let data = try Self.data(CommandTestData.orCSV)
    let none = try TrainingRun.run(TrainingSpec(layers: [2, 1], epochs: 0), on: data)
    #expect(none.costCurve.map(\.epoch) == [0])
    #expect(none.finalCost == none.costCurve[0].cost)
    let costs = try TrainingRun.run(
      TrainingSpec(layers: [2, 1], learningRate: 1, epochs: 40), on: data, curvePoints: 4
    ).costCurve
    #expect(costs.map(\.epoch) == [0, 10, 20, 30, 40])
    #expect(zip(costs, costs.dropFirst()).allSatisfy { $0.cost > $1.cost })
  }

  @Test("initial weights of another shape or other activations are refused")
  func initialWeightsMismatch() throws {
    let data = try Self.data(CommandTestData.xorCSV)
    var generator = SplitMix64(state: 1)
    let small = try randomWeightsFile(
      layers: [2, 2, 1], activations: [.sigmoid, .sigmoid], using: &generator)
    let shape = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(TrainingSpec(layers: [2, 4, 1], initialWeights: small), on: data)
    }
    #expect(shape?.contains("2-2-1") == true && shape?.contains("2-4-1") == true, "\(shape ?? "")")
    let activations = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(
        TrainingSpec(layers: [2, 2, 1], activation: .tanh, initialWeights: small), on: data)
    }
    #expect(activations?.contains("activations") == true, "\(activations ?? "")")
  }

  @Test("impossible specs and data are refused before training")
  func validation() throws {
    let data = try Self.data(CommandTestData.xorCSV)
    let cases: [(TrainingSpec, String)] = [
      (TrainingSpec(layers: [2] + Array(repeating: 2, count: 65) + [1]), "65 hidden layers"),
      (TrainingSpec(layers: [2, 0, 1]), "layer 1 has 0 units"),
      (TrainingSpec(layers: [2, 65_537, 1]), "layer 1 has 65537 units"),
      (TrainingSpec(layers: [2, 4096, 4096, 1]), "weights and biases"),
      (TrainingSpec(layers: [2, 1], learningRate: 0), "learning rate"),
      (TrainingSpec(layers: [2, 1], learningRate: .infinity), "learning rate"),
      (TrainingSpec(layers: [2, 1], epochs: -1), "epochs"),
      (TrainingSpec(layers: [2, 1], optimizer: .minibatch, batchSize: 0), "mini-batch"),
      (TrainingSpec(layers: [2, 1], activation: .relu, loss: .crossEntropy), "cross-entropy"),
      (TrainingSpec(layers: [3, 1]), "data.csv: the data has 2 inputs"),
    ]
    for (spec, fragment) in cases {
      let message = toolErrorMessage { () throws(ToolError) in
        _ = try TrainingRun.run(spec, on: data)
      }
      #expect(message?.contains(fragment) == true, "\(spec.layers): \(message ?? "no error")")
    }
    let outside = try Self.data("0,0,0\n0,1,2\n")
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(TrainingSpec(layers: [2, 1], loss: .crossEntropy), on: outside)
    }
    #expect(
      message == "data.csv: example 2 has the target 2.0; cross-entropy needs targets in [0, 1]")
  }

  @Test("accuracy: one output splits at 0.5; several compare the argmax")
  func accuracy() {
    #expect(Evaluation.isCorrect(output: [0.7], target: [1]))
    #expect(Evaluation.isCorrect(output: [0.5], target: [0]))
    #expect(!Evaluation.isCorrect(output: [0.5], target: [1]))
    #expect(!Evaluation.isCorrect(output: [.nan], target: [0]))
    #expect(Evaluation.isCorrect(output: [0.1, 0.7, 0.2], target: [0, 1, 0]))
    #expect(!Evaluation.isCorrect(output: [0.4, 0.3, 0.3], target: [0, 0, 1]))
    #expect(Evaluation.isCorrect(output: [0.4, 0.4, 0.2], target: [1, 0, 0]))
    #expect(!Evaluation.isCorrect(output: [0.4, .nan, 0.2], target: [1, 0, 0]))
  }

  @Test("the report has every key the issue names, and its weights read back")
  func report() throws {
    let data = try Self.data(CommandTestData.orCSV)
    let spec = TrainingSpec(layers: [2, 1], epochs: 10)
    let result = try TrainingRun.run(spec, on: data)
    let json = try JSONValue.parse(
      Array(TrainingReport(result, spec: spec, data: data).json.rendered().utf8), path: "report")
    for key in ["epochs", "final_cost", "cost_curve", "train_accuracy", "seconds", "weights"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    let weights = try WeightsFile(json: json["weights"]!, path: "report")
    #expect(weights.isBitwiseIdentical(to: result.weights))
  }
}

import Foundation
import SIMDNet
import SIMDNetTool
import Testing

/// The momentum, rprop and adam optimizers through `TrainingRun`: the same
/// bits as the kernel's `Training` driven directly with the same optimizer,
/// the defaults the spec fills in, and every impossible setting refused
/// with a `ToolError` before the kernel's preconditions could stop the
/// program.
@Suite("TrainingRun: optimizers")
struct TrainingRunOptimizerTests {
  /// A spec, and the kernel's settings it must amount to, written out
  /// independently of `TrainingSpec`'s own translation.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var spec: TrainingSpec
    var learningRate: Double
    var batching: Batching
    var optimizer: Optimizer
    var testDescription: String { name }
  }

  static func spec(
    _ optimizer: OptimizerName, batchSize: Int? = nil,
    _ hyperparameters: [Hyperparameter: Double] = [:], shuffle: Bool = false,
    learningRate: Double? = nil
  ) -> TrainingSpec {
    TrainingSpec(
      layers: [2, 3, 1], activation: .tanh, outputActivation: .sigmoid, optimizer: optimizer,
      batchSize: batchSize, hyperparameters: hyperparameters, shuffle: shuffle,
      learningRate: learningRate, epochs: 20, seed: 5)
  }

  static let cases: [Case] = [
    Case(
      name: "momentum, defaults", spec: spec(.momentum),
      learningRate: 0.1, batching: .miniBatch(size: 32),
      optimizer: .momentum(try! Momentum(coefficient: 0.9))),
    Case(
      name: "momentum, μ 0.5, batches of 3, shuffled",
      spec: spec(.momentum, batchSize: 3, [.momentum: 0.5], shuffle: true, learningRate: 0.3),
      learningRate: 0.3, batching: .miniBatch(size: 3),
      optimizer: .momentum(try! Momentum(coefficient: 0.5))),
    Case(
      name: "rprop, defaults", spec: spec(.rprop), learningRate: 0, batching: .batch,
      optimizer: .rprop(
        try! RPROP(
          increaseFactor: 1.2, decreaseFactor: 0.5, initialStep: 0.1, maxStep: 50,
          minStep: 1e-6))),
    Case(
      name: "rprop, every step setting, shuffled",
      spec: spec(
        .rprop,
        [
          .rpropIncrease: 1.5, .rpropDecrease: 0.25, .rpropInitialStep: 0.05,
          .rpropMaxStep: 2, .rpropMinStep: 1e-4,
        ], shuffle: true), learningRate: 0, batching: .batch,
      optimizer: .rprop(
        try! RPROP(
          increaseFactor: 1.5, decreaseFactor: 0.25, initialStep: 0.05, maxStep: 2,
          minStep: 1e-4))),
    Case(
      name: "adam, defaults", spec: spec(.adam),
      learningRate: 0.001, batching: .miniBatch(size: 32),
      optimizer: .adam(try! Adam(firstMomentDecay: 0.9, secondMomentDecay: 0.999, epsilon: 1e-8))),
    Case(
      name: "adam, every setting, batches of 2",
      spec: spec(
        .adam, batchSize: 2, [.adamBeta1: 0.8, .adamBeta2: 0.99, .adamEpsilon: 1e-6],
        learningRate: 0.05), learningRate: 0.05, batching: .miniBatch(size: 2),
      optimizer: .adam(try! Adam(firstMomentDecay: 0.8, secondMomentDecay: 0.99, epsilon: 1e-6))),
  ]

  @Test("each optimizer gives the kernel's Training's bits", arguments: cases)
  func matchesKernel(_ testCase: Case) throws {
    let result = try TrainingRun.run(
      testCase.spec, on: TrainingRunTests.data(TrainingRunTests.sevenCSV))
    let kernel = Self.kernelRun(testCase, optimizer: testCase.optimizer)
    #expect(TrainingRunTests.bits(result.weights.parameters) == kernel.parameters)
    #expect(result.finalCost.bitPattern == kernel.cost)
    // The optimizer matters: plain descent on the same batches ends elsewhere.
    let plain = Self.kernelRun(testCase, optimizer: .gradientDescent)
    #expect(plain.parameters != kernel.parameters)
  }

  /// The weights (as bits) and final cost (as bits) of the kernel's own
  /// training as `testCase` describes it, with `optimizer`: the
  /// initialisation and shuffling seeds are the documented `seed` and
  /// `seed + 1`.
  static func kernelRun(
    _ testCase: Case, optimizer: Optimizer
  ) -> (parameters: [UInt64], cost: UInt64) {
    typealias Net = MLP1<2, 3, 1>
    var generator = MersenneTwister(seed: 5)
    var network = Net(Layer(activation: .tanh), Layer(activation: .sigmoid))
    network.initialize(.xavier, using: &generator)
    let rows = TrainingRunTests.sevenCSV.split(separator: "\n").map {
      $0.split(separator: ",").map { Double($0)! }
    }
    var examples = Dataset<Net.Input, Net.Output>(
      inputs: rows.map { [$0[0], $0[1]] }, targets: rows.map { [$0[2]] })
    // rprop ignores the learning rate; plain descent needs one.
    var training = Training(
      network: network, learningRate: testCase.learningRate == 0 ? 0.1 : testCase.learningRate,
      batching: testCase.batching, optimizer: optimizer,
      shuffleSeed: testCase.spec.shuffle ? 6 : nil)
    training.run(epochs: 20, on: &examples)
    return (
      TrainingRunTests.bits(training.network.parameters),
      training.network.cost(on: examples, loss: .halfSquaredError).bitPattern
    )
  }

  @Test("momentum and adam without a batch size use mini-batches of 32")
  func miniBatchesByDefault() throws {
    // 40 examples: a batch of 32 and one of 8, unlike one batch of 40.
    var csv = "x1,x2,y\n"
    for n in 0..<40 { csv += "\(Double(n % 7) / 7),\(Double(n % 5) / 5),\(n % 3 == 0 ? 1 : 0)\n" }
    let data = try TrainingRunTests.data(csv)
    for optimizer in [OptimizerName.momentum, .adam] {
      let unsized = try TrainingRun.run(Self.spec(optimizer), on: data).weights
      let thirtyTwo = try TrainingRun.run(Self.spec(optimizer, batchSize: 32), on: data).weights
      let whole = try TrainingRun.run(Self.spec(optimizer, batchSize: 40), on: data).weights
      #expect(unsized.isBitwiseIdentical(to: thirtyTwo), "\(optimizer)")
      #expect(!unsized.isBitwiseIdentical(to: whole), "\(optimizer)")
    }
  }

  @Test("a learning rate left out is the optimizer's default")
  func defaultLearningRates() throws {
    let data = try TrainingRunTests.data(TrainingRunTests.sevenCSV)
    for optimizer in OptimizerName.allCases where optimizer != .rprop {
      var given = Self.spec(optimizer)
      given.learningRate = optimizer.defaultLearningRate
      if optimizer.takesBatchSize { given.batchSize = 32 }
      #expect(
        try TrainingRun.run(Self.spec(optimizer), on: data).weights.isBitwiseIdentical(
          to: TrainingRun.run(given, on: data).weights), "\(optimizer)")
    }
    #expect(OptimizerName.rprop.defaultLearningRate == nil)
    #expect(Self.spec(.rprop).effectiveLearningRate == nil)
  }

  @Test("a hyperparameter left out is the kernel's default")
  func defaultHyperparameters() throws {
    let data = try TrainingRunTests.data(TrainingRunTests.sevenCSV)
    for optimizer in [OptimizerName.momentum, .rprop, .adam] {
      let given = Dictionary(
        uniqueKeysWithValues: optimizer.hyperparameters.map { ($0, $0.defaultValue) })
      #expect(given.count == (optimizer == .rprop ? 5 : optimizer == .adam ? 3 : 1))
      #expect(
        try TrainingRun.run(Self.spec(optimizer), on: data).weights.isBitwiseIdentical(
          to: TrainingRun.run(Self.spec(optimizer, given), on: data).weights), "\(optimizer)")
    }
  }

  @Test("no value of any hyperparameter reaches a kernel precondition")
  func everyValueIsCheckedFirst() throws {
    let data = try TrainingRunTests.data(TrainingRunTests.sevenCSV)
    let values: [Double] = [
      -.infinity, -1, -0.0, 0, 1e-300, 0.5, 1, (1.0).nextUp, 100, 1e300, .infinity, .nan,
    ]
    for parameter in Hyperparameter.allCases {
      for value in values {
        var spec = Self.spec(parameter.optimizer, [parameter: value])
        spec.epochs = 1
        let message = toolErrorMessage { () throws(ToolError) in
          _ = try TrainingRun.run(spec, on: data)
        }
        // In range on its own, and (for a step) in order with the defaults.
        var accepted = parameter.allows(value)
        switch parameter {
        case .rpropInitialStep: accepted = accepted && value >= 1e-6 && value <= 50
        case .rpropMaxStep: accepted = accepted && value >= 0.1
        case .rpropMinStep: accepted = accepted && value <= 0.1
        default: break
        }
        #expect(
          (message == nil) == accepted || message?.contains("diverged") == true,
          "\(parameter.flag) \(value): \(message ?? "accepted")")
        if let message, !message.contains("diverged") {
          #expect(message.contains(parameter.flag + " "), "\(message)")
        }
      }
    }
  }

  @Test("the ranges are the kernel's: the edges of each")
  func ranges() {
    let edges: [(Hyperparameter, accepted: [Double], refused: [Double])] = [
      (.momentum, [0, 0.999], [-Double.leastNonzeroMagnitude, 1, .nan]),
      (.rpropIncrease, [(1.0).nextUp, 1e300], [1, .infinity, .nan]),
      (.rpropDecrease, [Double.leastNonzeroMagnitude, (1.0).nextDown], [0, 1, .nan]),
      (.rpropMaxStep, [Double.leastNonzeroMagnitude, 1e300], [0, .infinity, .nan]),
      (.adamBeta2, [0, (1.0).nextDown], [-1e-300, 1, .nan]),
      (.adamEpsilon, [Double.leastNonzeroMagnitude], [0, -1, .infinity, .nan]),
    ]
    for (parameter, accepted, refused) in edges {
      for value in accepted { #expect(parameter.allows(value), "\(parameter) \(value)") }
      for value in refused { #expect(!parameter.allows(value), "\(parameter) \(value)") }
    }
  }

  @Test("settings that do not apply are refused, in the command line's words")
  func settingsThatDoNotApply() throws {
    let data = try TrainingRunTests.data(TrainingRunTests.sevenCSV)
    let cases: [(TrainingSpec, String)] = [
      (
        Self.spec(.rprop, learningRate: 0.1),
        "rprop does not use a learning rate (leave out --learning-rate); its steps are set by "
          + "--rprop-initial-step, --rprop-min-step and --rprop-max-step"
      ),
      (
        Self.spec(.sgd, batchSize: 2),
        "--batch-size applies only to --optimizer minibatch, momentum or adam, not sgd"
      ),
      (
        Self.spec(.batch, batchSize: 2),
        "--batch-size applies only to --optimizer minibatch, momentum or adam, not batch"
      ),
      (
        Self.spec(.rprop, batchSize: 2),
        "--batch-size applies only to --optimizer minibatch, momentum or adam, not rprop"
      ),
      (
        Self.spec(.adam, [.momentum: 0.5]),
        "--momentum applies only to --optimizer momentum, not adam"
      ),
      (
        Self.spec(.momentum, [.rpropMaxStep: 5]),
        "--rprop-max-step applies only to --optimizer rprop, not momentum"
      ),
      (
        Self.spec(.minibatch, [.adamEpsilon: 1e-7]),
        "--adam-epsilon applies only to --optimizer adam, not minibatch"
      ),
      (
        Self.spec(.rprop, [.rpropMinStep: 0.5, .rpropInitialStep: 0.25]),
        "--rprop-min-step 0.5 is above --rprop-initial-step 0.25; rprop's steps must satisfy "
          + "0 < Δmin ≤ Δ0 ≤ Δmax < ∞"
      ),
      (
        Self.spec(.rprop, [.rpropMaxStep: 0.05]),
        "--rprop-initial-step 0.1 (the default) is above --rprop-max-step 0.05; rprop's steps "
          + "must satisfy 0 < Δmin ≤ Δ0 ≤ Δmax < ∞"
      ),
      (Self.spec(.momentum, [.momentum: 1]), "--momentum must be in [0, 1), not 1.0"),
      (Self.spec(.momentum, batchSize: 0), "a mini-batch needs at least 1 example, not 0"),
    ]
    for (spec, expected) in cases {
      let message = toolErrorMessage { () throws(ToolError) in
        _ = try TrainingRun.run(spec, on: data)
      }
      #expect(message == expected)
    }
  }

  @Test("a diverging rprop run blames its largest step, not a learning rate")
  func rpropDivergenceHint() throws {
    let data = try TrainingRunTests.data(CommandTestData.xorCSV)
    var spec = TrainingSpec(
      layers: [2, 1], activation: .linear, optimizer: .rprop,
      hyperparameters: [.rpropInitialStep: 1e300, .rpropMaxStep: 1e300], epochs: 100)
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(spec, on: data)
    }
    #expect(message?.contains("training diverged at epoch") == true, "\(message ?? "")")
    #expect(message?.hasSuffix("rprop's largest step 1e+300 may be too large") == true)
    #expect(message?.contains("learning rate") == false)
    spec.optimizer = .adam
    spec.hyperparameters = [:]
    spec.learningRate = 1e300
    let adam = toolErrorMessage { () throws(ToolError) in _ = try TrainingRun.run(spec, on: data) }
    #expect(adam?.hasSuffix("the learning rate 1e+300 may be too large") == true, "\(adam ?? "")")
  }
}

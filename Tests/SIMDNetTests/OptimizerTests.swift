import Foundation
import SIMDNet
import Testing

/// iRPROP−, momentum and Adam: their first steps against values worked out
/// by hand (or with the papers' formulas in Python, quoted), and XOR learned
/// from several seeds.
@Suite("Optimizers")
struct OptimizerTests {
  /// One linear unit on one example, `x = 1`, `y = 0`: the cost is
  /// `½(w + b)²`, so `∂Cost/∂w = ∂Cost/∂b = w + b` — easy to follow by hand.
  typealias Unit = Layer<1, 1>

  static func linearUnitRun(_ optimizer: Optimizer, learningRate: Double = 0) -> Training<Unit> {
    Training(
      network: Unit(weights: [[0.15]], biases: [0], activation: .linear),
      learningRate: learningRate, optimizer: optimizer)
  }

  static let linearUnitData = Dataset<Unit.Input, Unit.Output>(inputs: [[1]], targets: [[0]])

  /// Runs one epoch (one update) and returns `(w, b)`.
  static func step(_ training: inout Training<Unit>) -> [Double] {
    var data = linearUnitData
    training.runEpoch(on: &data)
    return training.network.parameters
  }

  static func expectClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-15) {
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) { #expect(abs(x - y) <= tolerance, "\(a) vs \(b)") }
  }

  @Test("iRPROP−: steps grow, and a sign change shrinks the step and skips the move")
  func rpropByHand() {
    var training = Self.linearUnitRun(.rprop(RPROP()))
    // g = 0.15 > 0, nothing remembered: move by −Δ0.
    Self.expectClose(Self.step(&training), [0.05, -0.1])
    #expect(training.memory.weights[0][0] == OptimizerMemory(1, 0.1, 0, 0))
    // g = −0.05: the sign flipped, so Δ = 0.1·0.5, g is forgotten, no move.
    Self.expectClose(Self.step(&training), [0.05, -0.1])
    #expect(training.memory.biases[0] == OptimizerMemory(0, 0.05, 0, 0))
    // g = −0.05 again, nothing remembered: move by +0.05, Δ unchanged.
    Self.expectClose(Self.step(&training), [0.1, -0.05])
    // g = +0.05: flipped again, Δ = 0.025, no move.
    Self.expectClose(Self.step(&training), [0.1, -0.05])
    #expect(training.memory.weights[0][0][1] == 0.025)
    // g = 0.05: move by −0.025.
    Self.expectClose(Self.step(&training), [0.075, -0.075])
  }

  @Test("iRPROP− on the lecture's OR neuron: +Δ0, then +1.2·Δ0 while every gradient stays negative")
  func rpropOnTheORNeuron() {
    // From W = [0.1, 0.6], b = 0 every ŷ is below its target of 1, and the
    // (0, 0) example's pull on the bias (+0.125 at ŷ = 0.5) is outweighed
    // by the other three (−0.081, −0.118, −0.074), so all three gradients
    // are negative; after the first step they still are (bias: +0.118
    // against −0.223). Each parameter therefore moves up by 0.1, then 0.12.
    var data = Dataset<Layer<2, 1>.Input, Layer<2, 1>.Output>(
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [1]])
    var training = Training(
      network: Layer<2, 1>(weights: [[0.1, 0.6]], biases: [0], activation: .sigmoid),
      learningRate: 0, optimizer: .rprop(RPROP()))
    training.runEpoch(on: &data)
    Self.expectClose(training.network.parameters, [0.2, 0.7, 0.1])
    training.runEpoch(on: &data)
    Self.expectClose(training.network.parameters, [0.32, 0.82, 0.22], tolerance: 1e-15)
  }

  @Test("iRPROP− keeps steps within [Δmin, Δmax]")
  func rpropBounds() throws {
    let rprop = try RPROP(increaseFactor: 2, decreaseFactor: 0.25, maxStep: 0.3, minStep: 0.01)
    var w = 0.0
    var memory = OptimizerMemory(0, rprop.initialStep, 0, 0)
    var moves: [Double] = []
    for _ in 0..<4 {
      let before = w
      rprop.update(&w, gradient: 1, memory: &memory)
      moves.append(before - w)
    }
    Self.expectClose(moves, [0.1, 0.2, 0.3, 0.3])
    // Alternating signs: each flip divides the step by 4, down to Δmin;
    // the updates after a flip move by the shrunk step.
    var steps: [Double] = []
    for k in 0..<8 {
      rprop.update(&w, gradient: k % 2 == 0 ? -1 : 1, memory: &memory)
      steps.append(memory[1])
    }
    Self.expectClose(steps, [0.075, 0.075, 0.075 / 4, 0.075 / 4, 0.01, 0.01, 0.01, 0.01])
    // Gradients too small for `g·g′` to be non-zero still have signs.
    var tiny = Lanes(0, 0.1, 0, 0)
    rprop.update(&w, gradient: 1e-200, memory: &tiny)
    rprop.update(&w, gradient: 1e-200, memory: &tiny)
    #expect(tiny == Lanes(1, 0.2, 0, 0))
  }

  @Test("momentum: v = μ·v − α·g, w = w + v")
  func momentumByHand() throws {
    var training = Self.linearUnitRun(.momentum(try Momentum(coefficient: 0.9)), learningRate: 0.5)
    // v = −0.5·0.15 = −0.075 for both parameters.
    Self.expectClose(Self.step(&training), [0.075, -0.075])
    // g = 0: v = 0.9·(−0.075) = −0.0675.
    Self.expectClose(Self.step(&training), [0.0075, -0.1425])
    // g = −0.135: v = −0.06075 + 0.0675 = 0.00675.
    Self.expectClose(Self.step(&training), [0.01425, -0.13575])
  }

  @Test("Adam: Kingma & Ba's Algorithm 1")
  func adamByHand() {
    var training = Self.linearUnitRun(.adam(Adam()), learningRate: 0.01)
    // The first step is α·g/(|g| + ε) ≈ α: 0.01·0.15/(0.15 + 1e-8).
    // These values are Algorithm 1 in Python floats (`b1**t` for β₁ᵗ).
    Self.expectClose(Self.step(&training), [0.14000000066666662, -0.009999999333333379])
    Self.expectClose(
      Self.step(&training), [0.13006255952751092, -0.019937440472489097], tolerance: 1e-16)
    Self.expectClose(
      Self.step(&training), [0.12024566773664963, -0.029754332263350385], tolerance: 1e-16)
  }

  @Test("gradient descent through `update` is the lecture's step, bit for bit")
  func gradientDescentUnchanged() {
    var training = Self.linearUnitRun(.gradientDescent, learningRate: 0.5)
    #expect(Self.step(&training) == [0.15 - 0.5 * 0.15, 0 - 0.5 * 0.15])
    #expect(training.memory.weights[0][0] == .zero)
  }

  /// XOR 2-2-1, sigmoid everywhere, half squared error, batch updates from
  /// Xavier weights drawn from `seed`: whether all four examples end on the
  /// right side of 0.5.
  ///
  /// XOR 2-2-1 has local minima — typically ŷ = 0.5 on two examples, cost
  /// 1/16, gradient zero — and which one a run falls into depends mostly on
  /// the initial weights: from seeds 1…40, iRPROP− (500 epochs) learned XOR
  /// from 16, momentum (α 0.5, 2000 epochs) from 25 and Adam (α 0.05, 1000
  /// epochs) from 23 (the lecture's descent, α 0.7, 2000 epochs: 23). The
  /// seeds below are those of 1…20 from which all three learn it; a change
  /// that breaks an optimizer's arithmetic loses them.
  static func learnsXOR(_ optimizer: Optimizer, learningRate: Double, epochs: Int, seed: UInt64)
    -> Bool
  {
    var generator = MersenneTwister(seed: seed)
    let network = MLP1<2, 2, 1>(
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator),
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator))
    var data = Dataset<MLP1<2, 2, 1>.Input, MLP1<2, 2, 1>.Output>(
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]])
    var training = Training(network: network, learningRate: learningRate, optimizer: optimizer)
    training.run(epochs: epochs, on: &data)
    return (0..<4).allSatisfy { n in
      let example = data[example: n]
      return (training.network.predict(example.inputs)[0] >= 0.5) == (example.targets[0] == 1)
    }
  }

  @Test(
    "each optimizer learns XOR 2-2-1 from seeds 3, 5, 8, 12, 13, 14 and 15",
    arguments: [
      (Optimizer.rprop(RPROP()), 0.0, 500),
      (.momentum(Momentum()), 0.5, 2000),
      (.adam(Adam()), 0.05, 1000),
    ])
  func xor(optimizer: Optimizer, learningRate: Double, epochs: Int) {
    for seed: UInt64 in [3, 5, 8, 12, 13, 14, 15] {
      #expect(
        Self.learnsXOR(optimizer, learningRate: learningRate, epochs: epochs, seed: seed),
        "seed \(seed)")
    }
  }

  @Test("a hyperparameter out of range is a typed error naming it; the defaults are allowed")
  func hyperparameterErrors() throws {
    #expect(throws: HyperparameterError.outOfRange(.momentum, 1)) { try Momentum(coefficient: 1) }
    #expect(throws: HyperparameterError.outOfRange(.rpropIncrease, 1)) {
      try RPROP(increaseFactor: 1)
    }
    #expect(throws: HyperparameterError.outOfRange(.rpropDecrease, 0)) {
      try RPROP(decreaseFactor: 0)
    }
    #expect(throws: HyperparameterError.outOfRange(.rpropMaxStep, .infinity)) {
      try RPROP(maxStep: .infinity)
    }
    #expect(
      throws: HyperparameterError.misorderedSteps(smaller: .rpropMinStep, larger: .rpropInitialStep)
    ) {
      try RPROP(initialStep: 0.1, minStep: 0.2)
    }
    #expect(
      throws: HyperparameterError.misorderedSteps(smaller: .rpropInitialStep, larger: .rpropMaxStep)
    ) {
      try RPROP(initialStep: 2, maxStep: 1)
    }
    #expect(throws: HyperparameterError.outOfRange(.adamBeta2, -0.5)) {
      try Adam(secondMomentDecay: -0.5)
    }
    #expect(throws: HyperparameterError.self) { try Adam(epsilon: .nan) }
    // The values the non-throwing initialisers use pass the same rules.
    #expect(try Momentum(coefficient: Momentum().coefficient) == Momentum())
    let (rprop, adam) = (RPROP(), Adam())
    #expect(
      try RPROP(
        increaseFactor: rprop.increaseFactor, decreaseFactor: rprop.decreaseFactor,
        initialStep: rprop.initialStep, maxStep: rprop.maxStep, minStep: rprop.minStep) == rprop)
    #expect(
      try Adam(
        firstMomentDecay: adam.firstMomentDecay, secondMomentDecay: adam.secondMomentDecay,
        epsilon: adam.epsilon) == adam)
    // NaN is allowed nowhere.
    for hyperparameter in Hyperparameter.allCases { #expect(!hyperparameter.allows(.nan)) }
  }
}

/// How an update turns the gradient `g = ∂Cost/∂w` into a change of each
/// parameter `w`.
///
/// `gradientDescent` is the lecture's `w = w − α·g`. The others keep a small
/// memory per parameter — at most two numbers, held in the first lanes of a
/// gradient-shaped value (`Training.memory`) — so a training run stays one
/// fixed-size value and an update allocates nothing:
///
/// | optimizer  | `memory[0]`                 | `memory[1]`                   |
/// | ---------- | --------------------------- | ----------------------------- |
/// | `momentum` | velocity `v`                | —                             |
/// | `rprop`    | previous gradient's sign    | step size `Δ`                 |
/// | `adam`     | first moment `m`            | second moment `v`             |
public enum Optimizer: Sendable, Hashable {
  /// `w = w − α·g`.
  case gradientDescent
  /// Classical momentum: `v = μ·v − α·g`, then `w = w + v`.
  case momentum(Momentum)
  /// iRPROP−: a step size per parameter, grown while the gradient keeps its
  /// sign and shrunk when it flips; only the gradient's sign is used, so
  /// the learning rate is not. Learns from whole-batch gradients.
  case rprop(RPROP)
  /// Adam (Kingma & Ba, 2015): steps of about `α` scaled by running
  /// estimates of the gradient's mean and uncentred variance.
  case adam(Adam)

  /// What `memory` holds for a parameter before its first update.
  @inlinable
  public var initialMemory: OptimizerMemory {
    switch self {
    case .rprop(let rprop): OptimizerMemory(0, rprop.initialStep, 0, 0)
    case .gradientDescent, .momentum, .adam: .zero
    }
  }
}

/// One parameter's optimizer memory: at most two numbers, in the first two
/// lanes (the table on `Optimizer`). It is a `SIMD4<Double>` — a gradient
/// entry's type — only so that the memory has the gradient's shape and
/// storage (`Training.memory`); unlike `Lanes`, its lanes are not examples.
public typealias OptimizerMemory = SIMD4<Double>

/// Classical (heavy-ball) momentum.
public struct Momentum: Sendable, Hashable {
  /// `μ`, the share of the previous velocity kept, in [0, 1).
  public var coefficient: Double

  /// `μ = 0.9`.
  @inlinable
  public init() { coefficient = 0.9 }

  /// Throws if `coefficient` is not in [0, 1).
  @inlinable
  public init(coefficient: Double) throws(HyperparameterError) {
    try Hyperparameter.momentum.check(coefficient)
    self.coefficient = coefficient
  }

  /// `v = μ·v − α·g`, then `w = w + v`.
  @inlinable @inline(__always)
  public func update(
    _ parameter: inout Double, gradient: Double, memory: inout OptimizerMemory, learningRate: Double
  ) {
    memory[0] = coefficient * memory[0] - learningRate * gradient
    parameter += memory[0]
  }
}

/// iRPROP− (Igel & Hüsken, 2000), the variant FANN trains with by default,
/// with FANN's constants η⁺ = 1.2, η⁻ = 0.5, Δ0 = 0.1, Δmax = 50, and
/// Δmin = 1e-6.
///
/// Per parameter, with `g` this batch's gradient and `g′` the remembered
/// one:
/// - `g·g′ > 0`: `Δ = min(Δ·η⁺, Δmax)`;
/// - `g·g′ < 0`: `Δ = max(Δ·η⁻, Δmin)` and `g` is forgotten (set to 0), so
///   the parameter does not move now and the next step neither grows nor
///   shrinks;
/// - then `w = w − sign(g)·Δ`, and `g′ = g`.
///
/// This follows the paper. FANN 2.2 differs: its Δmin is 0 but it floors
/// the previous step at 1e-4; it moves a parameter by `+Δ` when its
/// gradient is zero (including right after a sign change); it clamps
/// weights to ±1500; it starts every parameter with a grown step `Δ0·η⁺`;
/// and its backward pass clips ŷ to [0.01, 0.99] in the sigmoid's
/// derivative, so its gradients never vanish where SIMDNet's do.
public struct RPROP: Sendable, Hashable {
  /// `η⁺`, above 1.
  public var increaseFactor: Double
  /// `η⁻`, in (0, 1).
  public var decreaseFactor: Double
  /// `Δ0`, every parameter's first step.
  public var initialStep: Double
  /// `Δmax`.
  public var maxStep: Double
  /// `Δmin`, above 0.
  public var minStep: Double

  /// FANN's constants.
  @inlinable
  public init() {
    (increaseFactor, decreaseFactor, initialStep, maxStep, minStep) = (1.2, 0.5, 0.1, 50, 1e-6)
  }

  /// Throws if a value is out of its range (`Hyperparameter`) or the steps
  /// are out of order.
  @inlinable
  public init(
    increaseFactor: Double = 1.2, decreaseFactor: Double = 0.5, initialStep: Double = 0.1,
    maxStep: Double = 50, minStep: Double = 1e-6
  ) throws(HyperparameterError) {
    try Hyperparameter.rpropIncrease.check(increaseFactor)
    try Hyperparameter.rpropDecrease.check(decreaseFactor)
    try Hyperparameter.rpropInitialStep.check(initialStep)
    try Hyperparameter.rpropMaxStep.check(maxStep)
    try Hyperparameter.rpropMinStep.check(minStep)
    if let (smaller, larger) = Self.misorderedSteps(
      minStep: minStep, initialStep: initialStep, maxStep: maxStep)
    {
      throw .misorderedSteps(smaller: smaller, larger: larger)
    }
    self.increaseFactor = increaseFactor
    self.decreaseFactor = decreaseFactor
    self.initialStep = initialStep
    self.maxStep = maxStep
    self.minStep = minStep
  }

  /// The first pair of steps out of `0 < Δmin ≤ Δ0 ≤ Δmax`, as (the step
  /// that should be no larger, the step it exceeds); nil if they are in
  /// order. Checking `Δmin ≤ Δ0` and `Δ0 ≤ Δmax` covers `Δmin ≤ Δmax` too.
  @inlinable
  public static func misorderedSteps(minStep: Double, initialStep: Double, maxStep: Double)
    -> (smaller: Hyperparameter, larger: Hyperparameter)?
  {
    if !(minStep <= initialStep) { return (.rpropMinStep, .rpropInitialStep) }
    if !(initialStep <= maxStep) { return (.rpropInitialStep, .rpropMaxStep) }
    return nil
  }

  /// One iRPROP− step of one parameter; `memory` holds `(sign(g′), Δ)`.
  ///
  /// Only signs enter, as −1, 0 or 1, so their product is exact: a product
  /// of two tiny gradients would underflow to 0 and read as "no sign".
  @inlinable @inline(__always)
  public func update(
    _ parameter: inout Double, gradient: Double, memory: inout OptimizerMemory
  ) {
    let sign: Double = gradient > 0 ? 1 : gradient < 0 ? -1 : 0
    let agreement = sign * memory[0]
    let step = memory[1]
    let grown = min(step * increaseFactor, maxStep)
    let shrunk = max(step * decreaseFactor, minStep)
    memory[1] = agreement > 0 ? grown : agreement < 0 ? shrunk : step
    memory[0] = agreement < 0 ? 0 : sign
    parameter -= memory[0] * memory[1]
  }
}

/// Adam with Kingma & Ba's defaults (`α = 0.001` is the learning rate's).
public struct Adam: Sendable, Hashable {
  /// `β₁`, the decay of the first-moment estimate, in [0, 1).
  public var firstMomentDecay: Double
  /// `β₂`, the decay of the second-moment estimate, in [0, 1).
  public var secondMomentDecay: Double
  /// `ε`, added to `√v̂` so that a zero gradient history divides by no zero.
  public var epsilon: Double

  /// Kingma & Ba's `β₁ = 0.9`, `β₂ = 0.999`, `ε = 1e-8`.
  @inlinable
  public init() { (firstMomentDecay, secondMomentDecay, epsilon) = (0.9, 0.999, 1e-8) }

  /// Throws if a value is out of its range (`Hyperparameter`).
  @inlinable
  public init(
    firstMomentDecay: Double = 0.9, secondMomentDecay: Double = 0.999, epsilon: Double = 1e-8
  ) throws(HyperparameterError) {
    try Hyperparameter.adamBeta1.check(firstMomentDecay)
    try Hyperparameter.adamBeta2.check(secondMomentDecay)
    try Hyperparameter.adamEpsilon.check(epsilon)
    self.firstMomentDecay = firstMomentDecay
    self.secondMomentDecay = secondMomentDecay
    self.epsilon = epsilon
  }

  /// One Adam step of one parameter; `memory` holds `(m, v)`:
  /// `m = β₁·m + (1 − β₁)·g`, `v = β₂·v + (1 − β₂)·g²`, then
  /// `w = w − α·m̂ / (√v̂ + ε)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`.
  /// `corrections` is `(1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ))` for update `t`, computed
  /// once per update: multiplying by it instead of dividing saves two
  /// divisions per parameter. `Training`
  /// keeps `β₁ᵗ` and `β₂ᵗ` as running products, since repeated
  /// multiplication gives the same bits everywhere and `pow` is libm's.
  @inlinable @inline(__always)
  public func update(
    _ parameter: inout Double, gradient: Double, memory: inout OptimizerMemory,
    learningRate: Double,
    corrections: SIMD2<Double>
  ) {
    memory[0] = firstMomentDecay * memory[0] + (1 - firstMomentDecay) * gradient
    memory[1] = secondMomentDecay * memory[1] + (1 - secondMomentDecay) * (gradient * gradient)
    let mean = memory[0] * corrections[0]
    let variance = memory[1] * corrections[1]
    parameter -= learningRate * mean / (variance.squareRoot() + epsilon)
  }
}

// Backpropagation held against GNU GSL's numerical derivative of the cost.
//
// For every parameter p of 228 random networks — 2-1, 2-2-1, 4-8-3 and
// 8-16-16-2, every activation in every layer, both losses (cross-entropy
// after the sigmoid and the table sigmoid), batch sizes 1 to 9 — and of 30
// softmax classifiers — 2-3, 4-8-3 and 4-6-5-3, every hidden activation,
// both losses (categorical cross-entropy, and half squared error through
// the softmax Jacobian), targets drawn in [0, 1] so that they need not sum
// to 1 — with weights,
// biases, inputs and targets all drawn with `gsl_ran_flat` from
// `gsl_rng_mt19937` under several seeds — the kernel's backpropagated
// `network.gradient(on:loss:)[parameter: p]` is compared with
// `gsl_deriv_central` applied to `w ↦ network.cost(on:loss:)` with only
// parameter p set to w. The numerical side evaluates the cost and nothing
// else, so it shares no code with the backward pass.
//
// Where the criterion comes from, parameter by parameter:
//
// * No table sigmoid in the parameter's layer or above it: the cost is a
//   smooth function of the parameter within GSL's step (ReLU kinks are kept
//   out of it, see `ReferenceMLP.analyze` and `Drawn.gslStep`), so the
//   issue's criterion |analytic − numerical| ≤ 1e-8 + 1e-6·|numerical|
//   applies (`ExactCriterion`).
// * A table sigmoid in the parameter's layer or above it: the looser,
//   derived `TableCriterion`.
//
// The tests and what each shows:
//
// * `matchesGSL`: the comparison above, and on 208 of the networks the
//   kernel's own checker: `numericalGradient` against GSL for every
//   parameter, and `checkGradient`'s verdict against GSL's. Prints the
//   worst errors and where they occurred, per group and in total.
// * `perturbedEntriesAreRejected`, `unmaskedPaddingIsRejected`: the same
//   comparisons reject a gradient entry 1% off or with its sign swapped, and
//   a gradient computed with padding lanes let through — they are not
//   vacuous.
// * `checkerFailsAtAKink`: `checkGradient` reports failure where the cost has
//   no derivative (a ReLU exactly at its kink), as GSL's comparison does.
// * `checkerReportsItsErrors`: `checkGradient`'s report is its definition
//   applied to `gradient` and `numericalGradient`.
//
// Nothing expected is copied from the kernel: the numbers the kernel is held
// to are GSL's derivatives. The test's own small scalar model of the network
// (`ReferenceMLP`) computes only what the tolerances and the choice of step
// need — how close ReLU pre-activations come to their kink, how far a step
// can move a pre-activation, and the sum of the absolute chain-rule terms
// that scales the table bound — never a gradient that is compared.
//
// Time: every cost evaluation is a forward pass through the kernel's
// generic code, unspecialised in a debug build (about a third of it in the
// Swift runtime's generic-metadata lookups); the 8-16-16-2 networks make up
// most of the ~75,000 evaluations, which take about 15 s on two cores.

@preconcurrency import CGSL
import SIMDNet
import SIMDNetTestSupport
import Synchronization
import Testing

// MARK: - Criteria

/// The issue's criterion for exact activations:
/// `|analytic − numerical| ≤ 1e-8 + 1e-6·|numerical|`.
private enum ExactCriterion {
  static func tolerance(numerical: Double) -> Double { 1e-8 + 1e-6 * abs(numerical) }

  static func accepts(analytic: Double, numerical: Double) -> Bool {
    abs(analytic - numerical) <= tolerance(numerical: numerical)
  }
}

/// The bound for a parameter with `tableLayers` ≥ 1 table-sigmoid layers at or
/// above its own layer.
///
/// ## Why backpropagation and the cost's derivative differ
///
/// The table sigmoid T is piecewise linear with knots x_k = −16 + k·h_t,
/// h_t = 1/128. The cost the kernel evaluates is built from T, so its true
/// derivative — what GSL measures — uses, at each table unit, the slope
/// s = (T(x_{k+1}) − T(x_k))/h_t of the segment that holds z. Backpropagation
/// instead uses the lecture's ŷ(1 − ŷ) with ŷ = T(z) (and, for cross-entropy
/// after the table sigmoid, the simplified (ŷ − y)/m, which assumes the same
/// local gradient). Per unit the two differ by:
///
/// * s − σ'(z): s is the mean of σ' over the segment, so
///   |s − σ'(z)| ≤ h_t·max|σ''|/2 = (1/256)/(6√3) ≈ 3.76e-4 in absolute terms.
///   Relative to σ'(z) it is sharper, and relative is what multiplies along
///   the chain: (ln σ')' = 1 − 2σ ∈ (−1, 1), so σ'(ξ)/σ'(z) ∈ [e^−|ξ−z|,
///   e^|ξ−z|], and averaging over a segment at most h_t + δ away from z
///   (δ: how far the numerical step moves z, below) gives
///   s/σ'(z) ∈ [e^−δ(1 − e^−h_t)/h_t, e^δ(e^h_t − 1)/h_t], i.e.
///   |s/σ'(z) − 1| ≤ e^δ(e^h_t − 1)/h_t − 1 ≈ h_t/2 + δ ≈ 3.91e-3 + δ.
/// * ŷ(1 − ŷ) − σ'(z): the interpolation error is e ≤ h_t²/8·max|σ''| over the
///   segment and |σ''| = σ'|1 − 2σ| ≤ σ' ≤ e^h_t·σ(z) (and ≤ e^h_t·(1 − σ(z))),
///   so ŷ and 1 − ŷ are each within h_t²/8·e^h_t ≈ 7.7e-6 of σ and 1 − σ
///   relatively, and ŷ(1 − ŷ)/σ'(z) is within 1.6e-5 of 1.
/// * Rounding the knots to doubles moves s by at most 2.2e-16/(σ'·h_t) ≤ 2.5e-7
///   relatively for |z| ≤ 16 (pre-activations beyond 15.5, where the table
///   clamps and its slope is 0, are redrawn).
///
/// Together: s = ŷ(1 − ŷ)·(1 + r) with |r| ≤ ρ(δ) = e^δ(e^h_t − 1)/h_t·(1 + 2e-5) − 1.
///
/// ## Through the chain
///
/// ∂Cost/∂w is a sum over paths from w to the outputs (and over examples) of
/// products of factors. A path crosses one unit of each layer at or above w's
/// layer, so at most K = `tableLayers` of its factors are table slopes; where
/// backpropagation uses ŷ(1 − ŷ) the true derivative uses that times (1 + r).
/// Each path term is therefore off by at most ((1 + ρ)^K − 1)·|term|, and
///
///     |C'(t) − backprop| ≤ ((1 + ρ)^K − 1)·M,   M = Σ_paths |term|,
///
/// at every point t of the step where C is differentiable. M is the
/// magnitude `ReferenceMLP.Analysis.magnitudes` computes: backpropagation
/// with absolute values, using the same ŷ the kernel's forward pass gives.
/// (M ≥ |gradient|; a bound relative to |gradient| alone would not hold
/// where terms cancel.)
///
/// ## What GSL measures
///
/// C is continuous and piecewise smooth in w; GSL's step may cross knots
/// (a crossing averages the slopes of two segments, which the δ above
/// accounts for), and GSL's 5-point result is r₅ = (4/3)·D(h/2) − (1/3)·D(h),
/// where D(s) = (C(w+s) − C(w−s))/2s is the mean of C' over [w − s, w + s].
/// If every C'(t) there is within E of the backpropagated value, r₅ is
/// within (4/3 + 1/3)·E = (5/3)·E of it. (GSL's optional retry uses a smaller
/// step, so the same holds.) GSL is called with h = 1e-6·max(1, |w|) for
/// these parameters, so δ ≤ h·(the bound on |∂z/∂w| from
/// `ReferenceMLP.Analysis.tableSensitivity`): at most 6.4e-6 in the networks
/// drawn here (3.2e-3 for the kernel's own ±2·7.4e-4 step, which the kernel
/// comparison feeds into the same formula).
///
/// The accepted difference is then
///
///     1e-8 + 1e-6·|numerical| + abserr + (5/3)·((1 + ρ(δ))^K − 1)·M·(1 + 1e-4),
///
/// with GSL's own error estimate `abserr` for the rounding of a difference
/// quotient with so small a step, and the issue's tolerance for the
/// remaining smooth O(h) variation of the other factors across the step (the
/// 1e-4 covers summation order in M). With δ ≈ 0 and K = 1 this is about
/// 6.5e-3·M; with K = 3 (8-16-16-2 with the table sigmoid everywhere) about
/// 0.02·M.
private enum TableCriterion {
  static let knotSpacing = 1.0 / 128

  /// ρ(δ): the relative difference between the table's segment slope and
  /// ŷ(1 − ŷ), for a step that moves z by at most δ.
  static func slopeMismatch(displacement δ: Double) -> Double {
    let h = knotSpacing
    return gsl_sf_exp(δ) * (gsl_sf_exp(h) - 1) / h * (1 + 2e-5) - 1
  }

  static func tolerance(
    numerical: Double, abserr: Double, tableLayers: Int, magnitude: Double,
    displacement: Double
  ) -> Double {
    let mismatch = slopeMismatch(displacement: displacement)
    var growth = 1.0
    for _ in 0..<tableLayers { growth *= 1 + mismatch }
    return ExactCriterion.tolerance(numerical: numerical) + abserr
      + 5.0 / 3.0 * (growth - 1) * magnitude * (1 + 1e-4)
  }
}

// MARK: - The test's scalar model of a network

/// A plain, scalar description of one of the kernel's networks: layer sizes,
/// activations and the parameters in the kernel's documented order (layer
/// by layer; within a layer `weights[j][i]` row by row, then the biases).
private struct ReferenceMLP {
  let sizes: [Int]
  let activations: [Activation]
  let parameters: [Double]
  /// Where layer l's weights start in `parameters`.
  let offsets: [Int]
  /// The layer each parameter belongs to.
  let layerOf: [Int]

  init(sizes: [Int], activations: [Activation], parameters: [Double]) {
    self.sizes = sizes
    self.activations = activations
    self.parameters = parameters
    var offsets: [Int] = []
    var layerOf: [Int] = []
    for l in 0..<sizes.count - 1 {
      offsets.append(layerOf.count)
      layerOf += Array(repeating: l, count: sizes[l + 1] * sizes[l] + sizes[l + 1])
    }
    precondition(layerOf.count == parameters.count, "parameter count")
    self.offsets = offsets
    self.layerOf = layerOf
  }

  var layers: Int { sizes.count - 1 }

  func weight(_ l: Int, _ j: Int, _ i: Int) -> Double {
    parameters[offsets[l] + j * sizes[l] + i]
  }

  func bias(_ l: Int, _ j: Int) -> Double {
    parameters[offsets[l] + sizes[l + 1] * sizes[l] + j]
  }

  /// "layer 1 weight[3][5]" or "layer 2 bias[0]".
  func describe(parameter p: Int) -> String {
    let l = layerOf[p]
    let k = p - offsets[l]
    return k < sizes[l + 1] * sizes[l]
      ? "layer \(l) weight[\(k / sizes[l])][\(k % sizes[l])]"
      : "layer \(l) bias[\(k - sizes[l + 1] * sizes[l])]"
  }

  /// The pre-activations and outputs of every layer for one example, with
  /// the kernel's activation functions (so that table-sigmoid outputs are
  /// the ŷ the kernel's backward pass sees).
  func forward(_ input: [Double]) -> (inputs: [[Double]], z: [[Double]]) {
    var inputs = [input]
    var z: [[Double]] = []
    for l in 0..<layers {
      let x = inputs[l]
      var zl = [Double](repeating: 0, count: sizes[l + 1])
      var yl = zl
      for j in 0..<sizes[l + 1] {
        var sum = bias(l, j)
        for i in 0..<sizes[l] { sum += weight(l, j, i) * x[i] }
        zl[j] = sum
        yl[j] = activations[l](Lanes(repeating: sum))[0]
      }
      if activations[l] == .softmax { yl = scalarSoftmax(zl) }
      z.append(zl)
      inputs.append(yl)
    }
    return (inputs, z)
  }

  /// The local gradient as backpropagation uses it, from the output ŷ (for
  /// softmax, only an output activation here, its Jacobian's diagonal).
  static func localGradient(_ activation: Activation, output y: Double) -> Double {
    switch activation {
    case .sigmoid, .tableSigmoid, .softmax: y * (1 - y)
    case .tanh: 1 - y * y
    case .relu: y > 0 ? 1 : 0
    case .linear: 1
    }
  }

  /// An upper bound on |f'| anywhere.
  static func maxSlope(_ activation: Activation) -> Double {
    switch activation {
    case .sigmoid: 0.25
    // A segment slope is a mean of σ' (≤ 1/4), plus knot rounding.
    case .tableSigmoid: 0.2501
    // Each Jacobian entry ŷ_j(δ_jk − ŷ_k) is at most 1/4 in size.
    case .softmax: 0.25
    case .tanh, .relu, .linear: 1
    }
  }

  struct Analysis {
    /// Per parameter: Σ over examples and paths of |chain-rule term| / m,
    /// i.e. backpropagation with every factor replaced by its absolute
    /// value. The scale of `TableCriterion`.
    var magnitudes: [Double]
    /// Per parameter: a step s such that moving the parameter anywhere
    /// within ±s cannot change the sign of any ReLU pre-activation of any
    /// example (∞ when no ReLU unit depends on the parameter).
    var kinkFreeStep: [Double]
    /// Per parameter: a bound on |∂z/∂w| over the table-sigmoid
    /// pre-activations z that depend on it, valid at every point of a step
    /// (0 when none does). A step of s moves each such z by at most s times
    /// this.
    var tableSensitivity: [Double]
    /// Per layer l: how many of the layers l, l+1, … use the table sigmoid.
    var tableLayers: [Int]
    /// The largest |z| of a table-sigmoid unit.
    var largestTableInput: Double
  }

  /// Analyses `examples` → `targets` under `loss`.
  ///
  /// ## How far a step moves a pre-activation
  ///
  /// For w = W[l][j][i] (or the bias b[l][j], with x_i = 1), ∂z/∂w is x_i at
  /// unit j of layer l and 0 at the other units of layer l; one layer up,
  /// ∂z_u/∂w = Σ_v W[u][v]·f'(z_v)·∂z_v/∂w. With |f'| ≤ 1/4 (sigmoid and the
  /// table's segment slopes), ≤ 1 (tanh, ReLU, linear) anywhere, the vector
  /// V_u of bounds
  /// V ← |W|·(max|f'|·V), started from the unit vector at j and scaled by
  /// max over examples of |x_i|, bounds |∂z_u/∂w| at every point of any step
  /// (no weight above layer l changes). A ReLU unit u then keeps its sign
  /// within a step of min over examples |z_u| / V_u.
  func analyze(
    inputs examples: [[Double]], targets: [[Double]], loss: Loss
  ) -> Analysis {
    let m = Double(examples.count)
    var magnitudes = [Double](repeating: 0, count: parameters.count)
    // max over examples of |x| into each layer, and min of |z| per unit.
    var largestInput = (0..<layers).map { [Double](repeating: 0, count: sizes[$0]) }
    var smallestZ = (0..<layers).map { [Double](repeating: .infinity, count: sizes[$0 + 1]) }
    var largestTableInput = 0.0
    for (n, example) in examples.enumerated() {
      let (x, z) = forward(example)
      for l in 0..<layers {
        for i in 0..<sizes[l] { largestInput[l][i] = max(largestInput[l][i], abs(x[l][i])) }
        for j in 0..<sizes[l + 1] {
          smallestZ[l][j] = min(smallestZ[l][j], abs(z[l][j]))
          if activations[l] == .tableSigmoid {
            largestTableInput = max(largestTableInput, abs(z[l][j]))
          }
        }
      }
      // |∂Cost/∂z| of the output layer, then down the layers.
      let top = layers - 1
      let y = x[layers]
      var a = (0..<sizes[layers]).map { k -> Double in
        let error = abs(y[k] - targets[n][k])
        return loss == .crossEntropy && activations[top].isSigmoid
          ? error : error * abs(Self.localGradient(activations[top], output: y[k]))
      }
      if activations[top] == .softmax {
        // |ŷ_k·Σy − y_k| for cross-entropy; ŷ_k(|g_k| + Σ_j |g_j|·ŷ_j) for
        // half squared error, g = ŷ − y, through the Jacobian.
        let targetSum = targets[n].reduce(0, +)
        var spread = 0.0
        for j in y.indices { spread += abs(y[j] - targets[n][j]) * y[j] }
        a = y.indices.map { k in
          loss == .crossEntropy
            ? abs(y[k] * targetSum - targets[n][k])
            : y[k] * (abs(y[k] - targets[n][k]) + spread)
        }
      }
      for l in stride(from: top, through: 0, by: -1) {
        for j in 0..<sizes[l + 1] {
          for i in 0..<sizes[l] {
            magnitudes[offsets[l] + j * sizes[l] + i] += a[j] * abs(x[l][i]) / m
          }
          magnitudes[offsets[l] + sizes[l + 1] * sizes[l] + j] += a[j] / m
        }
        guard l > 0 else { break }
        a = (0..<sizes[l]).map { i in
          var sum = 0.0
          for j in 0..<sizes[l + 1] { sum += abs(weight(l, j, i)) * a[j] }
          return sum * abs(Self.localGradient(activations[l - 1], output: x[l][i]))
        }
      }
    }
    var kinkFreeStep = [Double](repeating: .infinity, count: parameters.count)
    var tableSensitivity = [Double](repeating: 0, count: parameters.count)
    for l in 0..<layers {
      for j in 0..<sizes[l + 1] {
        // Per unit step of z_j: the kink-free step and the table
        // sensitivity over all units it reaches. 1.001 covers rounding.
        var bounds = [Double](repeating: 0, count: sizes[l + 1])
        bounds[j] = 1.001
        var kinkFree = Double.infinity
        var table = 0.0
        for k in l..<layers {
          if k > l {
            bounds = (0..<sizes[k + 1]).map { u in
              var sum = 0.0
              for v in 0..<sizes[k] {
                sum += abs(weight(k, u, v)) * Self.maxSlope(activations[k - 1]) * bounds[v]
              }
              return sum * 1.001
            }
          }
          for u in 0..<sizes[k + 1] where bounds[u] > 0 {
            if activations[k] == .relu { kinkFree = min(kinkFree, smallestZ[k][u] / bounds[u]) }
            if activations[k] == .tableSigmoid { table = max(table, bounds[u]) }
          }
        }
        for i in 0..<sizes[l] {
          let p = offsets[l] + j * sizes[l] + i
          // An input that is 0 in every example leaves w without effect.
          kinkFreeStep[p] = largestInput[l][i] == 0 ? .infinity : kinkFree / largestInput[l][i]
          tableSensitivity[p] = table * largestInput[l][i]
        }
        let b = offsets[l] + sizes[l + 1] * sizes[l] + j
        kinkFreeStep[b] = kinkFree
        tableSensitivity[b] = table
      }
    }
    let tableLayers = (0..<layers).map { l in
      activations[l...].filter { $0 == .tableSigmoid }.count
    }
    return Analysis(
      magnitudes: magnitudes, kinkFreeStep: kinkFreeStep, tableSensitivity: tableSensitivity,
      tableLayers: tableLayers, largestTableInput: largestTableInput)
  }
}

// MARK: - Drawing networks with GSL

private enum Shape: String, Sendable {
  case tiny = "2-1"
  case small = "2-2-1"
  case medium = "4-8-3"
  case large = "8-16-16-2"
  /// A softmax classifier with no hidden layer.
  case softmaxTiny = "2-3"
  /// A softmax classifier with two hidden layers.
  case softmaxDeep = "4-6-5-3"

  var sizes: [Int] { rawValue.split(separator: "-").map { Int($0)! } }
}

/// One network to draw: an activation per layer, a loss and a batch size.
private struct Configuration: Sendable, CustomStringConvertible {
  var activations: [Activation]
  var loss: Loss
  var batch: Int

  var description: String {
    "\(activations.map { "\($0)" }.joined(separator: "→")) \(loss) batch \(batch)"
  }
}

/// The output activation and loss pairs: every elementwise activation
/// with half squared error, and cross-entropy after the sigmoid and the
/// table sigmoid (the outputs in (0, 1) it is defined for).
private let outputChoices: [(Activation, Loss)] =
  hiddenActivations.map { ($0, Loss.halfSquaredError) }
  + [(.sigmoid, .crossEntropy), (.tableSigmoid, .crossEntropy)]

/// The activations a hidden layer may have: all but softmax.
private let hiddenActivations = Activation.allCases.filter(\.isElementwise)

/// Softmax with each loss.
private let softmaxChoices: [(Activation, Loss)] = [
  (.softmax, .crossEntropy), (.softmax, .halfSquaredError),
]

/// Networks drawn from one GSL seed.
private struct Group: Sendable, CustomTestStringConvertible {
  var shape: Shape
  var seed: UInt
  var configurations: [Configuration]

  var testDescription: String {
    "\(shape.rawValue), seed \(seed), \(configurations.count) networks"
  }

  /// Every hidden activation × every output choice, batch sizes cycling
  /// through 1…9 from `firstBatch`.
  static func allCombinations(
    _ shape: Shape, seed: UInt, firstBatch: Int, outputs: [(Activation, Loss)] = outputChoices
  ) -> Group {
    var configurations: [Configuration] = []
    for hidden in hiddenActivations {
      for (output, loss) in outputs {
        let batch = 1 + (firstBatch - 1 + configurations.count) % 9
        configurations.append(.init(activations: [hidden, output], loss: loss, batch: batch))
      }
    }
    return Group(shape: shape, seed: seed, configurations: configurations)
  }

  /// Every pair of hidden activations of 8-16-16-2 from `pairs`, each with
  /// the next output choice, batch sizes cycling through 1…9.
  static func large(seed: UInt, pairs: Range<Int>) -> Group {
    let configurations = pairs.map { n in
      let first = hiddenActivations[n / 5]
      let second = hiddenActivations[n % 5]
      let (output, loss) = outputChoices[n % outputChoices.count]
      return Configuration(
        activations: [first, second, output], loss: loss, batch: 1 + n % 9)
    }
    return Group(shape: .large, seed: seed, configurations: configurations)
  }

  static let all: [Group] = [
    // 2-1: every output choice with every batch size.
    Group(
      shape: .tiny, seed: 1,
      configurations: outputChoices.flatMap { output, loss in
        (1...9).map { Configuration(activations: [output], loss: loss, batch: $0) }
      }),
    allCombinations(.small, seed: 0, firstBatch: 1),
    allCombinations(.small, seed: 4357, firstBatch: 4),
    allCombinations(.small, seed: 5489, firstBatch: 7),
    allCombinations(.medium, seed: 4_294_967_295, firstBatch: 1),
    large(seed: 2, pairs: 0..<13),
    large(seed: 3, pairs: 13..<25),
    // Softmax: 2-3 with every batch size and both losses; 4-8-3 and
    // 4-6-5-3 with every hidden activation (both hidden layers alike in
    // 4-6-5-3) and both losses.
    Group(
      shape: .softmaxTiny, seed: 6,
      configurations: softmaxChoices.flatMap { output, loss in
        (1...5).map { Configuration(activations: [output], loss: loss, batch: $0) }
      }),
    allCombinations(.medium, seed: 7, firstBatch: 2, outputs: softmaxChoices),
    Group(
      shape: .softmaxDeep, seed: 8,
      configurations: allCombinations(.medium, seed: 8, firstBatch: 5, outputs: softmaxChoices)
        .configurations.map {
          Configuration(
            activations: [$0.activations[0], $0.activations[0], $0.activations[1]], loss: $0.loss,
            batch: $0.batch)
        }),
  ]
}

/// A network, its data, and the test's analysis of both.
private struct Drawn<Net: FixedSizeNetwork> {
  var network: Net
  var data: Dataset<Net.Input, Net.Output>
  var configuration: Configuration
  var reference: ReferenceMLP
  var analysis: ReferenceMLP.Analysis
  /// Draws thrown away before this one: a ReLU pre-activation so close to
  /// its kink that GSL's step would have to be below `minimumStep`, or a
  /// table-sigmoid pre-activation beyond ±15.5.
  var reluRedraws: Int
  var tableRedraws: Int

  var loss: Loss { configuration.loss }

  /// The step GSL is given for parameter p: 1e-4·max(1, |w|), or
  /// 1e-6·max(1, |w|) under a table sigmoid (so that the step moves table
  /// inputs by little: δ in `TableCriterion`), and in any case at most half
  /// the step within which no ReLU pre-activation can change sign — so no
  /// parameter needs skipping for a kink.
  func gslStep(_ p: Int) -> Double { min(baseStep(p), analysis.kinkFreeStep[p] / 2) }

  func baseStep(_ p: Int) -> Double {
    (analysis.tableLayers[reference.layerOf[p]] > 0 ? 1e-6 : 1e-4)
      * max(1, abs(network[parameter: p]))
  }

  /// A draw is redrawn when a ReLU kink forces a step below this (and below
  /// the table step): the rounding error of GSL's quotient, about
  /// 3·10ε·Cost/h, would approach the issue's 1e-8.
  static var minimumStep: Double { 1e-5 }

  /// The kernel's `numericalGradient` step, `7.4e-4·max(1, |w|)`: it
  /// evaluates at w ± h and w ± 2h.
  func kernelStep(_ p: Int) -> Double { 7.4e-4 * max(1, abs(network[parameter: p])) }

  /// Whether the kernel's wider step (±2h) provably stays clear of every
  /// ReLU kink for parameter p.
  func kernelStepIsClearOfKinks(_ p: Int) -> Bool {
    2 * kernelStep(p) < analysis.kinkFreeStep[p]
  }

  init(
    _ build: ([Activation]) -> Net, sizes: [Int], configuration: Configuration,
    generator: GSLGenerator
  ) {
    var network = build(configuration.activations)
    var reluRedraws = 0
    var tableRedraws = 0
    while true {
      for p in 0..<Net.parameterCount { network[parameter: p] = generator.flat(-1, 1) }
      let inputs = (0..<configuration.batch).map { _ in
        (0..<sizes.first!).map { _ in generator.flat(-1, 1) }
      }
      let targets = (0..<configuration.batch).map { _ in
        (0..<sizes.last!).map { _ in
          configuration.loss == .crossEntropy ? generator.flat(0, 1) : generator.flat(-1, 1)
        }
      }
      let reference = ReferenceMLP(
        sizes: sizes, activations: configuration.activations, parameters: network.parameters)
      let analysis = reference.analyze(inputs: inputs, targets: targets, loss: configuration.loss)
      self.network = network
      self.configuration = configuration
      self.reference = reference
      self.analysis = analysis
      self.data = Dataset(count: configuration.batch) { n in
        (Self.scalars(inputs[n], as: Net.Input.self), Self.scalars(targets[n], as: Net.Output.self))
      }
      self.reluRedraws = reluRedraws
      self.tableRedraws = tableRedraws
      if analysis.largestTableInput > 15.5 {
        tableRedraws += 1
      } else if (0..<Net.parameterCount).contains(where: {
        gslStep($0) < min(baseStep($0), Self.minimumStep)
      }) {
        reluRedraws += 1
      } else {
        return
      }
      precondition(reluRedraws + tableRedraws < 1000, "no acceptable draw for \(configuration)")
    }
  }

  static func scalars<V: LaneVector>(_ values: [Double], as _: V.Type) -> V.Scalars {
    var vector = V(width: values.count)
    for (i, value) in values.enumerated() { vector[feature: i][0] = value }
    return vector.lane(0)
  }

  /// The cost as a function of parameter p alone: what GSL differentiates.
  func cost(_ p: Int, _ w: Double) -> Double {
    var shifted = network
    shifted[parameter: p] = w
    return shifted.cost(on: data, loss: loss)
  }

  func gsl(_ p: Int, _ rule: GSLDerivative.Rule = .central) -> GSLDerivative {
    GSLDerivative(rule, of: { cost(p, $0) }, at: network[parameter: p], step: gslStep(p))
  }
}

// MARK: - Tallies

/// A worst case and where it happened.
private struct Worst: Sendable, CustomStringConvertible {
  var value = 0.0
  var location = "—"

  mutating func record(_ value: Double, _ location: @autoclosure () -> String) {
    if value > self.value || value.isNaN {
      self.value = value
      self.location = location()
    }
  }

  mutating func merge(_ other: Worst) { record(other.value, other.location) }

  var description: String { "\(value) at \(location)" }
}

private struct Tally: Sendable {
  var networks = 0
  var parameters = 0
  var exactParameters = 0
  var tableParameters = 0
  var reluRedraws = 0
  var tableRedraws = 0
  /// The smallest `kinkFreeStep`: how close the drawn networks came to
  /// needing a shorter GSL step.
  var smallestKinkFreeStep = Double.infinity
  /// Exact parameters: |a − n| / |n| where |n| ≥ 1e-6.
  var worstRelative = Worst()
  /// The same where |n| ≥ 1e-3.
  var worstRelativeLarge = Worst()
  /// Exact parameters: |a − n| / GSL's abserr.
  var worstErrorOverAbserr = Worst()
  /// Exact parameters: |a − n| / (1e-8 + 1e-6·|n|).
  var worstExactUsage = Worst()
  /// Table parameters: |a − n| / the derived bound.
  var worstTableUsage = Worst()
  /// Table parameters: |a − n| / M.
  var worstTableMagnitude = Worst()
  /// The kernel's numericalGradient against GSL, exact parameters:
  /// |kernel − gsl| / (1e-12 + |gsl|) (no floor for tiny |gsl|: reported
  /// with its absolute value too).
  var worstKernelRelative = Worst()
  var worstKernelAbsolute = Worst()
  /// |kernel − gsl| / |gsl| where |gsl| ≥ 1e-3.
  var worstKernelRelativeLarge = Worst()
  /// |kernel − gsl| / `KernelAgreement.tolerance`.
  var worstKernelUsage = Worst()
  var gslCalls = 0
  /// Parameters whose GSL step a ReLU kink made smaller, and the smallest
  /// step GSL was given.
  var kinkLimitedSteps = 0
  var smallestStep = Double.infinity
  /// The largest δ (how far a step can move a table input) in a table bound.
  var largestTableDisplacement = 0.0
  var largestKernelTableDisplacement = 0.0
  var gslEvaluations = 0
  var largestCost = 0.0
  /// Table parameters: |kernel − analytic| / the bound with the kernel's step.
  var worstKernelTableUsage = Worst()
  var kernelSkippedParameters = 0
  var verdictsBothPass = 0
  var verdictsBothFail = 0
  var verdictsExcluded = 0
  /// Networks and parameters the kernel's checker was run on.
  var kernelNetworks = 0
  var kernelParameters = 0
  var failures = 0
  var firstFailures: [String] = []
  /// Where the time goes.
  var gslTime = Duration.zero
  var kernelTime = Duration.zero
  var checkTime = Duration.zero
  var totalTime = Duration.zero

  mutating func fail(_ message: String) {
    failures += 1
    if firstFailures.count < 5 { firstFailures.append(message) }
  }

  mutating func merge(_ other: Tally) {
    networks += other.networks
    parameters += other.parameters
    exactParameters += other.exactParameters
    tableParameters += other.tableParameters
    reluRedraws += other.reluRedraws
    tableRedraws += other.tableRedraws
    smallestKinkFreeStep = min(smallestKinkFreeStep, other.smallestKinkFreeStep)
    worstRelative.merge(other.worstRelative)
    worstRelativeLarge.merge(other.worstRelativeLarge)
    worstErrorOverAbserr.merge(other.worstErrorOverAbserr)
    worstExactUsage.merge(other.worstExactUsage)
    worstTableUsage.merge(other.worstTableUsage)
    worstTableMagnitude.merge(other.worstTableMagnitude)
    worstKernelRelative.merge(other.worstKernelRelative)
    worstKernelAbsolute.merge(other.worstKernelAbsolute)
    worstKernelRelativeLarge.merge(other.worstKernelRelativeLarge)
    worstKernelUsage.merge(other.worstKernelUsage)
    gslCalls += other.gslCalls
    kinkLimitedSteps += other.kinkLimitedSteps
    smallestStep = min(smallestStep, other.smallestStep)
    largestTableDisplacement = max(largestTableDisplacement, other.largestTableDisplacement)
    largestKernelTableDisplacement = max(
      largestKernelTableDisplacement, other.largestKernelTableDisplacement)
    gslEvaluations += other.gslEvaluations
    largestCost = max(largestCost, other.largestCost)
    worstKernelTableUsage.merge(other.worstKernelTableUsage)
    kernelSkippedParameters += other.kernelSkippedParameters
    verdictsBothPass += other.verdictsBothPass
    verdictsBothFail += other.verdictsBothFail
    verdictsExcluded += other.verdictsExcluded
    kernelNetworks += other.kernelNetworks
    kernelParameters += other.kernelParameters
    failures += other.failures
    gslTime += other.gslTime
    kernelTime += other.kernelTime
    checkTime += other.checkTime
    totalTime += other.totalTime
    firstFailures += other.firstFailures.prefix(5 - min(5, firstFailures.count))
  }

  var summary: String {
    """
      networks \(networks), parameters \(parameters) \
    (\(exactParameters) exact, \(tableParameters) under a table sigmoid), none skipped; \
    redraws: ReLU too near its kink \(reluRedraws), table input beyond ±15.5 \(tableRedraws); \
    smallest kink-free step \(smallestKinkFreeStep)
      backprop vs gsl_deriv_central, exact: worst relative error (|n| ≥ 1e-6) \(worstRelative)
      backprop vs gsl_deriv_central, exact: worst relative error where |n| ≥ 1e-3 \
    \(worstRelativeLarge)
      backprop vs gsl_deriv_central, exact: worst |a − n|/abserr (GSL's error estimate) \
    \(worstErrorOverAbserr)
      backprop vs gsl_deriv_central, exact: worst |a − n|/(1e-8 + 1e-6|n|) \(worstExactUsage)
      backprop vs gsl_deriv_central, table: worst |a − n|/bound \(worstTableUsage)
      backprop vs gsl_deriv_central, table: worst |a − n|/M \(worstTableMagnitude)
      kernel's checker run on \(kernelNetworks) networks, \(kernelParameters) parameters
      kernel numericalGradient vs gsl_deriv_central, exact: worst relative \
    \(worstKernelRelative); worst absolute \(worstKernelAbsolute); worst relative where \
    |n| ≥ 1e-3 \(worstKernelRelativeLarge); worst |k − n|/tolerance \(worstKernelUsage)
      GSL: \(gslCalls) calls, \(gslEvaluations) cost evaluations \
    (\((gslEvaluations - 4 * gslCalls) / 4) retries with a smaller step); largest cost \(largestCost); \
    steps shortened by a ReLU kink \(kinkLimitedSteps), smallest step \(smallestStep); \
    largest δ in a table bound \(largestTableDisplacement) (GSL), \
    \(largestKernelTableDisplacement) (kernel)
      kernel numericalGradient vs backprop, table: worst |k − a|/bound(kernel step) \
    \(worstKernelTableUsage)
      kernel step possibly across a ReLU kink (not compared): \(kernelSkippedParameters) \
    parameters
      checkGradient verdict = GSL verdict: both pass \(verdictsBothPass), both fail \
    \(verdictsBothFail), not compared (kink possibly in the kernel's step) \
    \(verdictsExcluded)
      failures \(failures)
      time (summed over groups): \(totalTime) in all, gsl_deriv_central \(gslTime), \
    numericalGradient \(kernelTime), checkGradient \(checkTime)
    """
  }
}

/// What all groups found so far; the last group to finish prints the total.
private let overall = Mutex((tally: Tally(), finishedGroups: 0))

// MARK: - Checking one network

/// Checks every parameter of one network against GSL: backpropagation
/// (`ExactCriterion` or `TableCriterion`) and, with `kernelChecks`, the
/// kernel's own checker: `numericalGradient` (`KernelAgreement`, or the
/// table bound with the kernel's step) and the verdict of `checkGradient`
/// with its default tolerances against the verdict of the exact criterion
/// against GSL. `checkGradient`'s verdict is also recomputed from its
/// documented formula, |gradient − numericalGradient| ≤ 1e-8 +
/// 1e-6·|numericalGradient| for every parameter.
private func check<Net: FixedSizeNetwork>(
  _ drawn: Drawn<Net>, shape: Shape, kernelChecks: Bool, into tally: inout Tally
) {
  let clock = ContinuousClock()
  let analytic = drawn.network.gradient(on: drawn.data, loss: drawn.loss)
  var start = clock.now
  let check = kernelChecks ? drawn.network.checkGradient(on: drawn.data, loss: drawn.loss) : nil
  tally.checkTime += clock.now - start
  var checkerFormulaPassed = true
  let cost = drawn.network.cost(on: drawn.data, loss: drawn.loss)
  tally.largestCost = max(tally.largestCost, cost)
  var gslVerdict = true
  var verdictComparable = true
  tally.networks += 1
  tally.reluRedraws += drawn.reluRedraws
  tally.tableRedraws += drawn.tableRedraws
  for p in 0..<Net.parameterCount {
    let l = drawn.reference.layerOf[p]
    let a = analytic[parameter: p]
    start = clock.now
    let gsl = drawn.gsl(p)
    tally.gslTime += clock.now - start
    tally.gslCalls += 1
    tally.gslEvaluations += gsl.evaluations
    if drawn.gslStep(p) < drawn.baseStep(p) { tally.kinkLimitedSteps += 1 }
    tally.smallestStep = min(tally.smallestStep, drawn.gslStep(p))
    tally.smallestKinkFreeStep = min(tally.smallestKinkFreeStep, drawn.analysis.kinkFreeStep[p])
    let n = gsl.value
    let error = abs(a - n)
    let location: () -> String = {
      "\(shape.rawValue) \(drawn.configuration) parameter \(p) "
        + "(\(drawn.reference.describe(parameter: p))): analytic \(a), GSL \(n) ± \(gsl.absoluteError)"
    }
    tally.parameters += 1
    if !ExactCriterion.accepts(analytic: a, numerical: n) { gslVerdict = false }

    let tableLayers = drawn.analysis.tableLayers[l]
    let magnitude = drawn.analysis.magnitudes[p]
    if tableLayers == 0 {
      tally.exactParameters += 1
      if abs(n) >= 1e-6 { tally.worstRelative.record(error / abs(n), location()) }
      if abs(n) >= 1e-3 { tally.worstRelativeLarge.record(error / abs(n), location()) }
      tally.worstErrorOverAbserr.record(error / gsl.absoluteError, location())
      tally.worstExactUsage.record(error / ExactCriterion.tolerance(numerical: n), location())
      if !ExactCriterion.accepts(analytic: a, numerical: n) {
        tally.fail("exact criterion: \(location())")
      }
    } else {
      tally.tableParameters += 1
      let displacement = drawn.gslStep(p) * drawn.analysis.tableSensitivity[p]
      tally.largestTableDisplacement = max(tally.largestTableDisplacement, displacement)
      let bound = TableCriterion.tolerance(
        numerical: n, abserr: gsl.absoluteError, tableLayers: tableLayers, magnitude: magnitude,
        displacement: displacement)
      tally.worstTableUsage.record(error / bound, location() + ", M \(magnitude), K \(tableLayers)")
      if magnitude > 0 {
        tally.worstTableMagnitude.record(
          error / magnitude, location() + ", M \(magnitude), K \(tableLayers)")
      }
      if !(error <= bound) {
        tally.fail("table bound \(bound): \(location()), M \(magnitude), K \(tableLayers)")
      }
    }

    // The kernel's own checker.
    guard kernelChecks else { continue }
    start = clock.now
    let kernel = drawn.network.numericalGradient(parameter: p, on: drawn.data, loss: drawn.loss)
    tally.kernelTime += clock.now - start
    tally.kernelParameters += 1
    if !(abs(a - kernel) <= 1e-8 + 1e-6 * abs(kernel)) { checkerFormulaPassed = false }
    guard drawn.kernelStepIsClearOfKinks(p) else {
      tally.kernelSkippedParameters += 1
      verdictComparable = false
      continue
    }
    let withKernel = { location() + ", kernel \(kernel)" }
    if tableLayers == 0 {
      let kernelError = abs(kernel - n)
      tally.worstKernelRelative.record(kernelError / (1e-12 + abs(n)), withKernel())
      tally.worstKernelAbsolute.record(kernelError, withKernel())
      if abs(n) >= 1e-3 {
        tally.worstKernelRelativeLarge.record(kernelError / abs(n), withKernel())
      }
      let kernelTolerance = KernelAgreement.tolerance(gsl: n)
      tally.worstKernelUsage.record(kernelError / kernelTolerance, withKernel())
      if !(kernelError <= kernelTolerance) { tally.fail("kernel vs GSL: \(withKernel())") }
    } else {
      // The table bound with the kernel's step (±2h) in δ, about the
      // backpropagated value; its rounding, ~ε·Cost/h, is below
      // 1e-10·(1 + Cost).
      let kernelDisplacement = 2 * drawn.kernelStep(p) * drawn.analysis.tableSensitivity[p]
      tally.largestKernelTableDisplacement = max(
        tally.largestKernelTableDisplacement, kernelDisplacement)
      let kernelBound = TableCriterion.tolerance(
        numerical: a, abserr: 1e-10 * (1 + abs(cost)), tableLayers: tableLayers,
        magnitude: magnitude,
        displacement: kernelDisplacement)
      let kernelError = abs(kernel - a)
      tally.worstKernelTableUsage.record(
        kernelError / kernelBound, withKernel() + ", M \(magnitude), K \(tableLayers)")
      if !(kernelError <= kernelBound) {
        tally.fail(
          "kernel vs table bound \(kernelBound): \(withKernel()), M \(magnitude), K \(tableLayers)")
      }
    }
  }
  guard let check else { return }
  tally.kernelNetworks += 1
  if check.passed != checkerFormulaPassed {
    tally.fail("checkGradient passed=\(check.passed) but its formula says \(checkerFormulaPassed)")
  }
  if !verdictComparable {
    tally.verdictsExcluded += 1
  } else if check.passed != gslVerdict {
    tally.fail(
      "checkGradient passed=\(check.passed) but GSL verdict \(gslVerdict): "
        + "\(shape.rawValue) \(drawn.configuration)")
  } else if check.passed {
    tally.verdictsBothPass += 1
  } else {
    tally.verdictsBothFail += 1
  }
}

/// How closely the kernel's own 5-point difference (step 7.4e-4·max(1,|w|))
/// and GSL's agree where the cost is smooth: within 1e-9 + 1e-8·|GSL|.
///
/// Measured over the 208 networks the main test runs the kernel's checker on
/// (5729 parameters; 5 whose kernel step might cross a ReLU kink left
/// out): at most 3.0e-10 apart, 13% of this tolerance, and at
/// most 1.1e-8 relatively where |GSL| ≥ 1e-3. (With all 25 8-16-16-2
/// networks: 5.2e-10 and 4.1e-8.) Either side can be the less
/// accurate one: GSL's smaller steps lose more to rounding, and the
/// kernel's step, scaled by max(1, |w|) only, meets large fifth derivatives
/// when w multiplies a large activation (a weight into a tanh output fed by
/// ReLU units of size 10 or more).
private enum KernelAgreement {
  static func tolerance(gsl n: Double) -> Double { 1e-9 + 1e-8 * abs(n) }
}

private func run<Net: FixedSizeNetwork>(
  _ group: Group, _ build: ([Activation]) -> Net
) -> Tally {
  let generator = GSLGenerator(seed: group.seed)
  var tally = Tally()
  let start = ContinuousClock.now
  for configuration in group.configurations {
    let drawn = Drawn(
      build, sizes: group.shape.sizes, configuration: configuration, generator: generator)
    // The kernel's checker (8 more cost evaluations per parameter) on every
    // network but the 8-16-16-2 ones with different hidden activations:
    // those 20 would add half again to the test's time in a debug build.
    let kernelChecks =
      group.shape != .large
      || configuration.activations[0] == configuration.activations[1]
    check(drawn, shape: group.shape, kernelChecks: kernelChecks, into: &tally)
  }
  tally.totalTime = ContinuousClock.now - start
  return tally
}

// MARK: - Tests

@Suite("GradientReference: backpropagation against GSL")
struct GradientReferenceTests {
  @Test("every parameter of random networks matches gsl_deriv_central", arguments: Group.all)
  fileprivate func matchesGSL(_ group: Group) {
    let tally: Tally =
      switch group.shape {
      case .tiny: run(group) { Layer<2, 1>(activation: $0[0]) }
      case .small:
        run(group) { MLP1<2, 2, 1>(Layer(activation: $0[0]), Layer(activation: $0[1])) }
      case .medium:
        run(group) { MLP1<4, 8, 3>(Layer(activation: $0[0]), Layer(activation: $0[1])) }
      case .large:
        run(group) {
          MLP2<8, 16, 16, 2>(
            Layer(activation: $0[0]), Stack(Layer(activation: $0[1]), Layer(activation: $0[2])))
        }
      case .softmaxTiny: run(group) { Layer<2, 3>(activation: $0[0]) }
      case .softmaxDeep:
        run(group) {
          MLP2<4, 6, 5, 3>(
            Layer(activation: $0[0]), Stack(Layer(activation: $0[1]), Layer(activation: $0[2])))
        }
      }
    print("GradientReference \(group.testDescription):\n\(tally.summary)")
    #expect(tally.failures == 0, "\(tally.failures) failures; first: \(tally.firstFailures)")
    let (total, finished) = overall.withLock { state in
      state.tally.merge(tally)
      state.finishedGroups += 1
      return (state.tally, state.finishedGroups)
    }
    if finished == Group.all.count {
      print("GradientReference, all \(finished) groups:\n\(total.summary)")
      #expect(total.networks >= 200)
    }
  }

  // MARK: The checker can fail

  /// The same comparisons, fed a gradient entry 1% off or with its sign
  /// swapped, reject it: the agreement above is not vacuous.
  ///
  /// On 35 fresh 4-8-3 networks (every hidden activation × every output
  /// choice), for every parameter whose GSL derivative is at least 1e-5 in
  /// size, where 1% of it (≥ 1e-7) exceeds the exact criterion's 1e-8 plus
  /// the measured error: the true entry passes, 1.01× it fails, −1× it
  /// fails. For parameters under a table sigmoid the bound is ≈ 0.4–2% of
  /// M, so a 1% error is not generally detectable there (the test reports
  /// how often it is); a swapped sign is, wherever |GSL| exceeds the bound,
  /// and that is asserted.
  @Test("a gradient entry 1% off or with its sign swapped is rejected")
  func perturbedEntriesAreRejected() {
    let generator = GSLGenerator(seed: 271_828)
    var exactChecked = 0
    var tableSignChecked = 0
    var tableOnePercentDetected = 0
    var tableParameters = 0
    for configuration in Group.allCombinations(.medium, seed: 0, firstBatch: 3).configurations {
      let drawn = Drawn(
        { MLP1<4, 8, 3>(Layer(activation: $0[0]), Layer(activation: $0[1])) },
        sizes: Shape.medium.sizes, configuration: configuration, generator: generator)
      let analytic = drawn.network.gradient(on: drawn.data, loss: drawn.loss)
      for p in 0..<MLP1<4, 8, 3>.parameterCount {
        let gsl = drawn.gsl(p)
        let n = gsl.value
        let a = analytic[parameter: p]
        let tableLayers = drawn.analysis.tableLayers[drawn.reference.layerOf[p]]
        let context = "\(configuration) \(drawn.reference.describe(parameter: p)): a \(a), n \(n)"
        if tableLayers == 0 {
          #expect(ExactCriterion.accepts(analytic: a, numerical: n), "\(context)")
          guard abs(n) >= 1e-5 else { continue }
          exactChecked += 1
          #expect(!ExactCriterion.accepts(analytic: 1.01 * a, numerical: n), "1%: \(context)")
          #expect(!ExactCriterion.accepts(analytic: -a, numerical: n), "sign: \(context)")
        } else {
          tableParameters += 1
          let bound = TableCriterion.tolerance(
            numerical: n, abserr: gsl.absoluteError, tableLayers: tableLayers,
            magnitude: drawn.analysis.magnitudes[p],
            displacement: drawn.gslStep(p) * drawn.analysis.tableSensitivity[p])
          #expect(abs(a - n) <= bound, "\(context)")
          if abs(1.01 * a - n) > bound { tableOnePercentDetected += 1 }
          guard abs(n) > bound else { continue }
          tableSignChecked += 1
          #expect(abs(-a - n) > bound, "sign: \(context)")
        }
      }
    }
    print(
      """
      GradientReference can fail: 1% and sign-swapped entries rejected for all \
      \(exactChecked) exact parameters with |GSL| ≥ 1e-5; table parameters: sign swap \
      rejected for all \(tableSignChecked) with |GSL| > bound, a 1% error detected for \
      \(tableOnePercentDetected) of \(tableParameters)
      """)
    #expect(exactChecked >= 1000)
    #expect(tableSignChecked >= 100)
  }

  /// A realistic backpropagation bug — padding lanes let through, as if the
  /// last block of a batch of 1–3, 5–7 or 9 examples were full — is
  /// rejected by the exact criterion against GSL in every network where the
  /// padding contributes (no ReLU, whose dead padding lanes could contribute
  /// nothing). The faulty gradient is built from the kernel's public pieces:
  /// `accumulateGradient` on the dataset's blocks with their count forced
  /// to 4.
  @Test("a gradient that lets padding lanes through is rejected")
  func unmaskedPaddingIsRejected() {
    let generator = GSLGenerator(seed: 314_159)
    var rejected = 0
    for configuration in Group.allCombinations(.small, seed: 0, firstBatch: 1).configurations
    where !configuration.activations.contains(.relu)
      && !configuration.activations.contains(.tableSigmoid) && configuration.batch % 4 != 0
    {
      let drawn = Drawn(
        { MLP1<2, 2, 1>(Layer(activation: $0[0]), Layer(activation: $0[1])) },
        sizes: Shape.small.sizes, configuration: configuration, generator: generator)
      let correct = drawn.network.gradient(on: drawn.data, loss: drawn.loss)
      var training = Training(network: drawn.network, loss: drawn.loss, learningRate: 0)
      training.gradient.reset()
      for block in drawn.data.blocks {
        var unmasked = block
        unmasked.count = 4
        training.accumulateGradient(of: unmasked, scale: 1 / Double(drawn.data.count))
      }
      var correctAccepted = true
      var faultyAccepted = true
      for p in 0..<MLP1<2, 2, 1>.parameterCount {
        let n = drawn.gsl(p).value
        correctAccepted =
          correctAccepted && ExactCriterion.accepts(analytic: correct[parameter: p], numerical: n)
        faultyAccepted =
          faultyAccepted
          && ExactCriterion.accepts(analytic: training.gradient[parameter: p], numerical: n)
      }
      #expect(correctAccepted, "\(configuration)")
      #expect(!faultyAccepted, "\(configuration)")
      if !faultyAccepted { rejected += 1 }
    }
    print("GradientReference can fail: unmasked padding rejected in \(rejected) networks")
    #expect(rejected >= 10)
  }

  // MARK: The kernel's own checker

  /// At a ReLU kink the cost has no derivative: GSL's one-sided derivatives
  /// differ (−1 and 0), its central one is their mean, and backpropagation
  /// (which takes ReLU's slope at 0 to be 0) is rejected by both GSL's
  /// comparison and the kernel's `checkGradient`. This shows that
  /// `checkGradient` can report a failure and agrees with GSL when it does;
  /// it does not show a wrong backward pass (there is no derivative to get
  /// right).
  @Test("checkGradient fails, as GSL's comparison does, with a ReLU exactly at its kink")
  func checkerFailsAtAKink() {
    // 2-1 ReLU neuron, one example x = (1, 0), target 1: z = w₀ + b·1 … with
    // w₀ = 0.5 and b = −0.5, z is exactly 0. Cost(w₀) = ½(1 − max(w₀ − ½, 0))².
    var network = Layer<2, 1>(activation: .relu)
    network[parameter: 0] = 0.5
    network[parameter: 1] = 0.3
    network[parameter: 2] = -0.5
    var inputs = InlineArray<2, Lanes>(repeating: Lanes(repeating: 0))
    inputs[0][0] = 1
    var targets = InlineArray<1, Lanes>(repeating: Lanes(repeating: 0))
    targets[0][0] = 1
    let data = Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>>(count: 1) { _ in
      (inputs.lane(0), targets.lane(0))
    }
    func cost(_ w: Double) -> Double {
      var shifted = network
      shifted[parameter: 0] = w
      return shifted.cost(on: data, loss: .halfSquaredError)
    }
    _ = gsl_set_error_handler_off()
    let forward = GSLDerivative(.forward, of: cost, at: 0.5, step: 1e-4)
    let backward = GSLDerivative(.backward, of: cost, at: 0.5, step: 1e-4)
    let central = GSLDerivative(.central, of: cost, at: 0.5, step: 1e-4)
    #expect(abs(forward.value + 1) < 1e-3)
    #expect(abs(backward.value) < 1e-3)
    #expect(abs(central.value + 0.5) < 1e-3)
    let analytic = network.gradient(on: data, loss: .halfSquaredError)[parameter: 0]
    #expect(analytic == 0)
    #expect(!ExactCriterion.accepts(analytic: analytic, numerical: central.value))
    let check = network.checkGradient(on: data, loss: .halfSquaredError)
    #expect(!check.passed)
    #expect(check.worstParameter == 0 || check.worstParameter == 2)
    #expect(abs(check.maxAbsoluteError - 0.5) < 1e-3)
    print(
      """
      GradientReference kink: GSL forward \(forward.value), backward \(backward.value), \
      central \(central.value); backprop \(analytic); checkGradient passed \(check.passed), \
      worst parameter \(check.worstParameter), max |error| \(check.maxAbsoluteError)
      """)
  }

  /// `checkGradient`'s report is what its definition says, recomputed
  /// independently from `gradient` and `numericalGradient`: the largest
  /// |analytic − numerical|, the largest relative error, the parameter
  /// furthest over its tolerance, and `passed` — including a tolerance
  /// chosen so that exactly the worst parameters fail. Together with the
  /// verdict comparison in the main test this shows the checker passes
  /// where GSL passes, fails where GSL fails, and reports the errors it
  /// finds; it does not re-derive `numericalGradient`, which the main test
  /// holds against GSL.
  @Test("checkGradient reports |gradient − numericalGradient| as defined")
  func checkerReportsItsErrors() {
    let generator = GSLGenerator(seed: 161_803)
    var networks = 0
    for configuration in Group.allCombinations(.small, seed: 0, firstBatch: 5).configurations {
      let drawn = Drawn(
        { MLP1<2, 2, 1>(Layer(activation: $0[0]), Layer(activation: $0[1])) },
        sizes: Shape.small.sizes, configuration: configuration, generator: generator)
      let network = drawn.network
      let analytic = network.gradient(on: drawn.data, loss: drawn.loss)
      var maxAbsolute = 0.0
      var maxRelative = 0.0
      var worst = 0
      var worstExcess = -Double.infinity
      var passed = true
      for p in 0..<MLP1<2, 2, 1>.parameterCount {
        let numerical = network.numericalGradient(parameter: p, on: drawn.data, loss: drawn.loss)
        let error = abs(analytic[parameter: p] - numerical)
        let tolerance = 1e-8 + 1e-6 * abs(numerical)
        maxAbsolute = max(maxAbsolute, error)
        maxRelative = max(maxRelative, error / max(abs(numerical), 1e-8))
        if !(error <= tolerance) { passed = false }
        if error - tolerance > worstExcess {
          worstExcess = error - tolerance
          worst = p
        }
      }
      let check = network.checkGradient(on: drawn.data, loss: drawn.loss)
      #expect(check.parameters == MLP1<2, 2, 1>.parameterCount)
      #expect(check.maxAbsoluteError == maxAbsolute, "\(configuration)")
      #expect(check.maxRelativeError == maxRelative, "\(configuration)")
      #expect(check.worstParameter == worst, "\(configuration)")
      #expect(check.passed == passed, "\(configuration)")
      if maxAbsolute > 0 {
        let strict = network.checkGradient(
          on: drawn.data, loss: drawn.loss, absoluteTolerance: maxAbsolute / 2,
          relativeTolerance: 0)
        #expect(!strict.passed, "\(configuration)")
        let exact = network.checkGradient(
          on: drawn.data, loss: drawn.loss, absoluteTolerance: maxAbsolute, relativeTolerance: 0)
        #expect(exact.passed, "\(configuration)")
      }
      networks += 1
    }
    #expect(networks == 35)
  }
}

import SIMDNet

/// Trains a network of run-time shape on a dataset file, as `simdnet train`
/// and `simdnet fixtures regenerate` do.
///
/// Deterministic: the same spec and data give the same bits on every
/// machine and build. The arithmetic is the kernel's `Training`, untouched —
/// this adds only what a tool needs around it:
///
/// - **Initial weights.** `spec.initialWeights` if given; otherwise every
///   weight drawn by the kernel's `initialize(.xavier, …)` from
///   `MersenneTwister(seed: spec.seed)`, biases zero.
/// - **Shuffling.** With `spec.shuffle`, each epoch reshuffles the visiting
///   order with a second generator, `MersenneTwister(seed: spec.seed + 1)`
///   (`TrainingSpec.shuffleSeed`), so the initial weights do not depend on
///   whether shuffling is on. Without it, examples are visited in file
///   order.
/// - **The cost curve.** The cost over the whole training set at epoch 0 and
///   at up to `curvePoints` evenly spaced epochs, always including the last.
///   Computing a cost never changes the weights.
/// - **Divergence.** Every 64 epochs the weights must be finite, and at
///   every curve point the weights and the cost; otherwise the run stops
///   with an error, so NaN weights are never returned. The error names the
///   first epoch where the weights or the cost stopped being finite: the
///   epochs since the previous curve point are replayed with both checked
///   after each.
public enum TrainingRun {
  /// Trains as `spec` says on `data`.
  ///
  /// - Parameters:
  ///   - curvePoints: how many points of the cost curve follow epoch 0, at
  ///     least 1 (every epoch when there are fewer epochs).
  ///   - progress: called about ten times a second with the epoch just
  ///     finished and the cost at that point, for a progress display; it
  ///     costs one extra cost evaluation per call and changes nothing else.
  ///     Not called at all for short runs.
  /// - Throws: `ToolError` if the spec is impossible (`TrainingSpec.validate`),
  ///   the data's widths differ from the layers', cross-entropy meets a
  ///   target outside [0, 1], or training diverges.
  public static func run(
    _ spec: TrainingSpec, on data: DatasetFile, curvePoints: Int = 100,
    progress: ((_ epoch: Int, _ cost: Double) -> Void)? = nil
  ) throws(ToolError) -> TrainingResult {
    try spec.validate()
    guard curvePoints >= 1 else {
      throw ToolError("the cost curve needs at least 1 point after epoch 0, not \(curvePoints)")
    }
    try spec.loss.validate(targetsOf: data)
    var network: ToolNetwork
    if let initial = spec.initialWeights {
      network = try ToolNetwork(initial)
    } else {
      network = try ToolNetwork(layers: spec.layers, activations: spec.layerActivations)
      try network.update(XavierInitialization(seed: spec.seed))
    }
    return try network.apply(
      Train(
        spec: spec, data: data, curveEpochs: curveEpochs(epochs: spec.epochs, points: curvePoints),
        progress: progress))
  }

  /// The epochs after epoch 0 at which the cost curve is sampled: `points`
  /// evenly spaced epochs `⌈k·epochs/points⌉`, ending with `epochs`, or
  /// every epoch when there are fewer.
  public static func curveEpochs(epochs: Int, points: Int) -> [Int] {
    guard epochs > 0 else { return [] }
    let n = min(points, epochs)
    // `k·epochs` in floating point cannot overflow; the result is exact
    // for any epoch count below 2⁵³.
    return (1...n).map { k in
      k == n ? epochs : Int((Double(k) * Double(epochs) / Double(n)).rounded(.up))
    }
  }

  /// "training diverged at epoch 12: …", with a hint.
  static func diverged(at epoch: Int, _ what: String, learningRate: Double) -> ToolError {
    let when = epoch == 0 ? "before the first epoch" : "at epoch \(epoch)"
    let hint =
      epoch == 0
      ? "the initial weights are too large"
      : "the learning rate \(learningRate) may be too large"
    return ToolError("training diverged \(when): \(what); \(hint)")
  }
}

/// Draws the initial weights: `initialize(.xavier)` from
/// `MersenneTwister(seed:)`, layer by layer in the kernel's parameter order.
struct XavierInitialization: NetworkUpdate {
  let seed: UInt64
  func callAsFunction<N: LayeredNetwork>(_ network: inout N) throws(ToolError) {
    var generator = MersenneTwister(seed: seed)
    network.initialize(.xavier, using: &generator)
  }
}

/// The training loop, for a network of any depth.
private struct Train: NetworkOperation {
  let spec: TrainingSpec
  let data: DatasetFile
  let curveEpochs: [Int]
  let progress: ((Int, Double) -> Void)?

  func callAsFunction<N: LayeredNetwork>(_ network: N) throws(ToolError) -> TrainingResult {
    var examples = try data.dataset(for: network)
    var training = Training(
      network: network, loss: spec.loss, learningRate: spec.learningRate,
      descent: spec.descent, shuffleSeed: spec.shuffle ? spec.shuffleSeed : nil)
    let clock = ContinuousClock()
    let start = clock.now

    var curve: [(epoch: Int, cost: Double)] = []
    curve.reserveCapacity(curveEpochs.count + 1)
    try recordCost(of: training.network, epoch: 0, on: examples, into: &curve)
    var reporter = progress.map { Reporter(report: $0, clock: clock, last: start) }
    for (index, point) in curveEpochs.enumerated() {
      // The state at the last curve point, to replay from if the weights or
      // the cost turn out not to be finite by this one. Copies share storage
      // until training changes it.
      let checkpoint = (epoch: curve[index].epoch, training: training, examples: examples)
      do {
        try runEpochs(
          checkpoint.epoch + 1...point, &training, &examples, reporter: &reporter)
        try checkWeights(of: training.network, epoch: point)
        try recordCost(of: training.network, epoch: point, on: examples, into: &curve)
      } catch {
        // Name the first bad epoch, which may be before the one that failed.
        try replay(from: checkpoint, through: point)
        throw error
      }
    }
    let seconds = (clock.now - start) / .seconds(1)
    let evaluation = Evaluation(training.network, on: examples, loss: spec.loss)
    return TrainingResult(
      weights: try WeightsFile(training.network), epochs: spec.epochs, costCurve: curve,
      finalCost: curve.last!.cost, trainAccuracy: evaluation.accuracy, seconds: seconds)
  }

  /// Calls the progress callback about ten times a second.
  struct Reporter {
    let report: (Int, Double) -> Void
    let clock: ContinuousClock
    var last: ContinuousClock.Instant
  }

  /// Runs the epochs `epochs` between two curve points: the hot loop, kept
  /// apart from the bookkeeping around it, with the weights checked every
  /// 64 epochs so that a run that diverged stops soon. (Checking after
  /// every epoch would slow small networks by several per cent.)
  private func runEpochs<N: Network>(
    _ epochs: ClosedRange<Int>, _ training: inout Training<N>,
    _ examples: inout Dataset<N.Input, N.Output>, reporter: inout Reporter?
  ) throws(ToolError) {
    for epoch in epochs {
      training.runEpoch(on: &examples)
      if epoch % 64 == 0 { try checkWeights(of: training.network, epoch: epoch) }
      if reporter != nil, epoch < spec.epochs {
        let now = reporter!.clock.now
        if now - reporter!.last >= .milliseconds(100) {
          reporter!.last = now
          reporter!.report(epoch, training.network.cost(on: examples, loss: spec.loss))
        }
      }
    }
  }

  /// Appends the cost after `epoch` epochs, or throws if it is not finite.
  private func recordCost<N: Network>(
    of network: N, epoch: Int, on examples: Dataset<N.Input, N.Output>,
    into curve: inout [(epoch: Int, cost: Double)]
  ) throws(ToolError) {
    let cost = network.cost(on: examples, loss: spec.loss)
    guard cost.isFinite else {
      throw TrainingRun.diverged(at: epoch, "the cost is \(cost)", learningRate: spec.learningRate)
    }
    curve.append((epoch, cost))
  }

  /// Throws if a parameter is NaN or infinite: one pass over the
  /// parameters, none over the data.
  private func checkWeights<N: Network>(of network: N, epoch: Int) throws(ToolError) {
    for p in 0..<network.parameterCount where !network[parameter: p].isFinite {
      throw TrainingRun.diverged(
        at: epoch, "a weight became \(network[parameter: p])", learningRate: spec.learningRate)
    }
  }

  /// Runs again from `checkpoint`, with the weights and the cost checked
  /// after every epoch through `last`, and throws naming the first epoch
  /// where either is not finite: both were finite at the checkpoint, and by
  /// `last` one is not. The same state replays to the same bits, so this
  /// finds the epoch the run itself went wrong in. (The cost usually
  /// overflows first; an infinite bias before a ReLU can leave it finite.)
  private func replay<N: Network>(
    from checkpoint: (epoch: Int, training: Training<N>, examples: Dataset<N.Input, N.Output>),
    through last: Int
  ) throws(ToolError) {
    var (training, examples) = (checkpoint.training, checkpoint.examples)
    var ignored: [(epoch: Int, cost: Double)] = []
    for replayed in checkpoint.epoch + 1...last {
      training.runEpoch(on: &examples)
      try checkWeights(of: training.network, epoch: replayed)
      try recordCost(of: training.network, epoch: replayed, on: examples, into: &ignored)
    }
  }
}

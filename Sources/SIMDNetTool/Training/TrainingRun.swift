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
///   at up to `curvePoints` evenly spaced epochs, always including the last
///   one run. Computing a cost never changes the weights.
/// - **Validation.** With validation data, its cost (same loss) at every
///   point of the cost curve, and after every epoch to find the epoch with
///   the lowest (`TrainingResult.best`; epoch 0, the initial weights,
///   counts, and the earliest of equal costs wins).
/// - **Early stopping.** With `spec.patience` = `N`, the run ends after the
///   first epoch that is `N` epochs past the best without a strictly lower
///   validation cost — at `best + N` — and keeps the best weights, which
///   are then bit for bit those of a run of `best` epochs. The cost curve
///   ends at the last epoch run.
/// - **Divergence.** Every 64 epochs the weights must be finite, and at
///   every curve point the weights and the cost (and after every epoch the
///   validation cost, when there is one); otherwise the run stops with an
///   error, so NaN weights are never returned. The error names the first
///   epoch where the weights or a cost stopped being finite: the epochs
///   since the previous curve point are replayed with all of them checked
///   after each.
public enum TrainingRun {
  /// Trains as `spec` says on `data`, watching the cost on `validation`
  /// when given.
  ///
  /// - Parameters:
  ///   - validation: examples held out from training; their widths must
  ///     be `data`'s. Required by `spec.patience`.
  ///   - curvePoints: how many points of the cost curve follow epoch 0, at
  ///     least 1 (every epoch when there are fewer epochs).
  ///   - progress: called about ten times a second with the epoch just
  ///     finished and the cost at that point, for a progress display; it
  ///     costs one extra cost evaluation per call and changes nothing else.
  ///     Not called at all for short runs.
  /// - Throws: `ToolError` if the spec is impossible (`TrainingSpec.validate`),
  ///   early stopping has no validation data, the data's widths differ from
  ///   the layers', cross-entropy meets a target outside [0, 1], or
  ///   training diverges.
  public static func run(
    _ spec: TrainingSpec, on data: DatasetFile, validation: DatasetFile? = nil,
    curvePoints: Int = 100, progress: ((_ epoch: Int, _ cost: Double) -> Void)? = nil
  ) throws(ToolError) -> TrainingResult {
    try spec.validate()
    guard curvePoints >= 1 else {
      throw ToolError("the cost curve needs at least 1 point after epoch 0, not \(curvePoints)")
    }
    if spec.patience != nil, validation == nil {
      throw ToolError(
        "early stopping (--patience) needs validation data to watch (--validation PATH)")
    }
    try spec.loss.validate(targetsOf: data)
    if let validation { try spec.loss.validate(targetsOf: validation) }
    var network: DynamicNetwork
    if let initial = spec.initialWeights {
      network = try DynamicNetwork(initial)
    } else {
      network = try DynamicNetwork(checkedLayers: spec.layers, activations: spec.layerActivations)
      var generator = MersenneTwister(seed: spec.seed)
      network.initialize(.xavier, using: &generator)
    }
    return try Train(
      spec: spec, data: data, validation: validation,
      curveEpochs: curveEpochs(epochs: spec.epochs, points: curvePoints), progress: progress
    )(network)
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

  /// "training diverged at epoch 12: …", with a hint: the learning rate
  /// (nil for rprop, whose largest step is the suspect instead).
  static func diverged(at epoch: Int, _ what: String, spec: TrainingSpec) -> ToolError {
    let when = epoch == 0 ? "before the first epoch" : "at epoch \(epoch)"
    let hint =
      if epoch == 0 {
        "the initial weights are too large"
      } else if let rate = spec.effectiveLearningRate {
        "the learning rate \(rate) may be too large"
      } else {
        "rprop's largest step \(spec.value(of: .rpropMaxStep)) may be too large"
      }
    return ToolError("training diverged \(when): \(what); \(hint)")
  }
}

/// The training loop.
private struct Train {
  let spec: TrainingSpec
  let data: DatasetFile
  let validation: DatasetFile?
  let curveEpochs: [Int]
  let progress: ((Int, Double) -> Void)?

  func callAsFunction<N: Network>(_ network: N) throws(ToolError) -> TrainingResult {
    var examples = try data.dataset(for: network)
    let heldOut = try validation.map { (file) throws(ToolError) in try file.dataset(for: network) }
    // rprop ignores the learning rate; the kernel wants a finite one all the same.
    var training = Training(
      network: network, loss: spec.loss, learningRate: spec.effectiveLearningRate ?? 0,
      descent: spec.descent, optimizer: spec.kernelOptimizer,
      shuffleSeed: spec.shuffle ? spec.shuffleSeed : nil)
    let clock = ContinuousClock()
    let start = clock.now

    var curve: [(epoch: Int, cost: Double)] = []
    var validationCurve: [(epoch: Int, cost: Double)] = []
    curve.reserveCapacity(curveEpochs.count + 1)
    // `validationCost`: the one `watch` has already computed for `epoch`.
    func record(_ network: N, epoch: Int, validationCost: Double? = nil) throws(ToolError) {
      curve.append((epoch, try cost(of: network, on: examples, epoch: epoch)))
      if let validationCost {
        validationCurve.append((epoch, validationCost))
      } else if let heldOut {
        validationCurve.append(
          (epoch, try cost(of: network, on: heldOut, epoch: epoch, "the validation cost")))
      }
    }
    try record(training.network, epoch: 0)
    var watch = heldOut.map {
      Watch(
        examples: $0, patience: spec.patience, best: training.network, bestEpoch: 0,
        bestCost: validationCurve[0].cost, latestCost: validationCurve[0].cost)
    }
    var reporter = progress.map { Reporter(report: $0, clock: clock, last: start) }
    var last = 0
    for (index, point) in curveEpochs.enumerated() {
      // The state at the last curve point, to replay from if the weights or
      // a cost turn out not to be finite by this one. Copies share storage
      // until training changes it.
      let checkpoint = (epoch: curve[index].epoch, training: training, examples: examples)
      do {
        last = try runEpochs(
          checkpoint.epoch + 1...point, &training, &examples, watch: &watch, reporter: &reporter)
        try checkWeights(of: training.network, epoch: last)
        try record(training.network, epoch: last, validationCost: watch?.latestCost)
      } catch {
        // Name the first bad epoch, which may be before the one that failed.
        try replay(from: checkpoint, through: point, validation: heldOut)
        throw error
      }
      if watch?.hasRunOutOfPatience(at: last) == true { break }
    }
    let seconds = (clock.now - start) / .seconds(1)
    let kept = spec.patience == nil ? training.network : watch!.best
    let evaluation = Evaluation(kept, on: examples, loss: spec.loss)
    return TrainingResult(
      weights: try WeightsFile(kept), epochs: last, costCurve: curve,
      validationCurve: heldOut == nil ? nil : validationCurve,
      best: watch.map { ($0.bestEpoch, $0.bestCost) }, stoppedEarly: last < spec.epochs,
      finalCost: evaluation.cost, trainAccuracy: evaluation.accuracy, seconds: seconds)
  }

  /// Calls the progress callback about ten times a second.
  struct Reporter {
    let report: (Int, Double) -> Void
    let clock: ContinuousClock
    var last: ContinuousClock.Instant
  }

  /// The validation cost after every epoch: the lowest so far and the
  /// weights that had it. Only a strictly lower cost replaces them, so of
  /// equal costs the earliest epoch's weights are kept.
  struct Watch<Net: Network> {
    let examples: Dataset<Net.Input, Net.Output>
    let patience: Int?
    var best: Net
    var bestEpoch: Int
    var bestCost: Double
    /// The validation cost after the last epoch observed.
    var latestCost: Double

    mutating func observe(_ network: Net, epoch: Int, cost: Double) {
      latestCost = cost
      if cost < bestCost { (best, bestEpoch, bestCost) = (network, epoch, cost) }
    }

    /// Whether early stopping ends the run after `epoch`: `patience`
    /// epochs have passed since the best without a lower cost.
    func hasRunOutOfPatience(at epoch: Int) -> Bool {
      patience.map { epoch - bestEpoch >= $0 } ?? false
    }
  }

  /// Runs the epochs `epochs` between two curve points: the hot loop, kept
  /// apart from the bookkeeping around it, with the weights checked every
  /// 64 epochs so that a run that diverged stops soon. (Checking after
  /// every epoch would slow small networks by several per cent.) With
  /// validation data, `watch` sees the validation cost after every epoch,
  /// and with a patience the loop ends once it has run out. Returns the
  /// last epoch run.
  private func runEpochs<N: Network>(
    _ epochs: ClosedRange<Int>, _ training: inout Training<N>,
    _ examples: inout Dataset<N.Input, N.Output>, watch: inout Watch<N>?,
    reporter: inout Reporter?
  ) throws(ToolError) -> Int {
    for epoch in epochs {
      training.runEpoch(on: &examples)
      if epoch % 64 == 0 { try checkWeights(of: training.network, epoch: epoch) }
      if watch != nil {
        let validationCost = try cost(
          of: training.network, on: watch!.examples, epoch: epoch, "the validation cost")
        watch!.observe(training.network, epoch: epoch, cost: validationCost)
        if watch!.hasRunOutOfPatience(at: epoch) { return epoch }
      }
      if reporter != nil, epoch < spec.epochs {
        let now = reporter!.clock.now
        if now - reporter!.last >= .milliseconds(100) {
          reporter!.last = now
          reporter!.report(epoch, training.network.cost(on: examples, loss: spec.loss))
        }
      }
    }
    return epochs.upperBound
  }

  /// The cost of `network` on `examples` after `epoch` epochs, or an error
  /// naming `what` if it is not finite.
  private func cost<N: Network>(
    of network: N, on examples: Dataset<N.Input, N.Output>, epoch: Int,
    _ what: String = "the cost"
  ) throws(ToolError) -> Double {
    let cost = network.cost(on: examples, loss: spec.loss)
    guard cost.isFinite else {
      throw TrainingRun.diverged(at: epoch, "\(what) is \(cost)", spec: spec)
    }
    return cost
  }

  /// Throws if a parameter is NaN or infinite: one pass over the
  /// parameters, none over the data.
  private func checkWeights<N: Network>(of network: N, epoch: Int) throws(ToolError) {
    for p in 0..<network.parameterCount where !network[parameter: p].isFinite {
      throw TrainingRun.diverged(
        at: epoch, "a weight became \(network[parameter: p])", spec: spec)
    }
  }

  /// Runs again from `checkpoint`, with the weights and the costs checked
  /// after every epoch through `last`, and throws naming the first epoch
  /// where one is not finite: all were finite at the checkpoint, and by
  /// `last` (or the epoch the run stopped at before it) one is not. The
  /// same state replays to the same bits, so this finds the epoch the run
  /// itself went wrong in. (The cost usually overflows first; an infinite
  /// bias before a ReLU can leave it finite.)
  private func replay<N: Network>(
    from checkpoint: (epoch: Int, training: Training<N>, examples: Dataset<N.Input, N.Output>),
    through last: Int, validation: Dataset<N.Input, N.Output>?
  ) throws(ToolError) {
    var (training, examples) = (checkpoint.training, checkpoint.examples)
    for replayed in checkpoint.epoch + 1...last {
      training.runEpoch(on: &examples)
      try checkWeights(of: training.network, epoch: replayed)
      _ = try cost(of: training.network, on: examples, epoch: replayed)
      if let validation {
        _ = try cost(of: training.network, on: validation, epoch: replayed, "the validation cost")
      }
    }
  }
}

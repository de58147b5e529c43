/// How many examples each update of gradient descent averages over.
public enum Batching: Sendable, Hashable {
  /// One update per epoch, over all `m` examples.
  case batch
  /// One update for each run of `size` consecutive examples; the last run
  /// of an epoch may be shorter.
  case miniBatch(size: Int)
  /// One update per example.
  case stochastic

  /// The number of examples per update in a set of `m`.
  @inlinable
  public func batchSize(examples m: Int) -> Int {
    switch self {
    case .batch: m
    case .miniBatch(let size): size
    case .stochastic: 1
    }
  }
}

/// A training run: a network, how it learns, and the scratch space its
/// passes use — one fixed-size value, so an epoch allocates nothing.
public struct Training<Net: Network>: Sendable {
  public typealias Examples = Dataset<Net.Input, Net.Output>

  public var network: Net
  public var loss: Loss
  /// `α` in `w = w − α · ∂Cost/∂w`.
  public var learningRate: Double
  public var batching: Batching
  /// How each update turns the gradient into a change of the parameters;
  /// fixed for the run, since `memory` is its state.
  public let optimizer: Optimizer
  /// When set, each epoch first shuffles the visiting order with this
  /// generator (the previous epoch's order, shuffled as `gsl_ran_shuffle`
  /// would); otherwise examples are visited in file order.
  public var shuffler: MersenneTwister?
  /// The number of epochs run so far.
  public var epochs = 0
  /// The gradient of the last update, per lane.
  public var gradient: Net.Gradient
  /// The forward and backward values of the last block, to inspect (the
  /// lecture's replay reads them); only the passes write them.
  @inlinable
  public var trace: Net.Trace { passTrace }
  /// Scratch: what `trace` shows.
  @usableFromInline var passTrace: Net.Trace
  /// Scratch: the block being learned from, padding zeroed.
  @usableFromInline var block: Block<Net.Input, Net.Output>
  /// Scratch: `∂Cost/∂Z` of the output layer for the last block.
  @usableFromInline var preActivationGradient: Net.Output
  /// The optimizer's memory of each parameter (see `Optimizer`): state of
  /// the run, kept between updates.
  public var memory: Net.Gradient
  /// `(β₁ᵗ, β₂ᵗ)` after `t` Adam updates: Adam's update count, as the
  /// bias correction needs it.
  @usableFromInline var adamDecayPowers = SIMD2<Double>(1, 1)

  @inlinable
  public init(
    network: Net, loss: Loss = .halfSquaredError, learningRate: Double,
    batching: Batching = .batch, optimizer: Optimizer = .gradientDescent,
    shuffleSeed: UInt64? = nil
  ) {
    precondition(learningRate.isFinite, "the learning rate must be finite")
    if case .miniBatch(let size) = batching {
      precondition(size > 0, "a mini-batch holds at least one example")
    }
    if case .rprop = optimizer {
      precondition(batching == .batch, "iRPROP− learns from whole-batch gradients")
    }
    self.network = network
    self.loss = loss
    self.learningRate = learningRate
    self.batching = batching
    self.optimizer = optimizer
    shuffler = shuffleSeed.map { MersenneTwister(seed: $0) }
    gradient = network.makeGradient()
    passTrace = network.makeTrace()
    block = Block(count: 4, inputWidth: network.inputWidth, targetWidth: network.outputWidth)
    preActivationGradient = Net.Output(width: network.outputWidth)
    memory = network.makeGradient()
    let initialMemory = optimizer.initialMemory
    if initialMemory != .zero {
      self.network.update(along: gradient, memory: &memory) { _, _, memory in
        memory = initialMemory
      }
    }
  }

  /// One epoch: every example visited once, with an update after each batch.
  @inlinable
  public mutating func runEpoch(on data: inout Examples) {
    if shuffler != nil { data.shuffle(using: &shuffler!) }
    let batchSize = min(batching.batchSize(examples: data.count), data.count)
    for start in stride(from: 0, to: data.count, by: batchSize) {
      computeGradient(over: start..<min(start + batchSize, data.count), of: data)
      update()
    }
    epochs += 1
  }

  /// One update of `network` along `gradient` by `optimizer`.
  @inlinable @inline(__always)
  public mutating func update() {
    let learningRate = learningRate
    switch optimizer {
    case .gradientDescent:
      network.update(along: gradient, memory: &memory) { w, g, _ in w -= learningRate * g }
    case .momentum(let momentum):
      network.update(along: gradient, memory: &memory) { w, g, memory in
        momentum.update(&w, gradient: g, memory: &memory, learningRate: learningRate)
      }
    case .rprop(let rprop):
      network.update(along: gradient, memory: &memory) { w, g, memory in
        rprop.update(&w, gradient: g, memory: &memory)
      }
    case .adam(let adam):
      adamDecayPowers *= SIMD2(adam.firstMomentDecay, adam.secondMomentDecay)
      let corrections = 1 / (1 - adamDecayPowers)
      network.update(along: gradient, memory: &memory) { w, g, memory in
        adam.update(
          &w, gradient: g, memory: &memory, learningRate: learningRate,
          corrections: corrections)
      }
    }
  }

  /// Sets `gradient` to `∂Cost/∂parameter` of the cost over the examples at
  /// `positions` of the visiting order: the mean of their gradients.
  @inlinable
  public mutating func computeGradient(over positions: Range<Int>, of data: Examples) {
    gradient.reset()
    let scale = 1 / Double(positions.count)
    for first in stride(from: positions.lowerBound, to: positions.upperBound, by: 4) {
      let end = min(first + 4, positions.upperBound)
      if data.isInFileOrder && first % 4 == 0 {
        let stored = first / 4
        if end - first == data.blocks[stored].count {
          // A whole stored block: its padding is already zero, so it is
          // learned from in place, without a copy.
          Self.accumulate(
            data.blocks[stored], network: network, loss: loss, scale: scale, trace: &passTrace,
            gradient: &gradient, preActivationGradient: &preActivationGradient)
          continue
        }
        block.load(data.blocks[stored], count: end - first)
      } else {
        data.gather(first..<end, into: &block)
      }
      Self.accumulate(
        block, network: network, loss: loss, scale: scale, trace: &passTrace, gradient: &gradient,
        preActivationGradient: &preActivationGradient)
    }
  }

  /// One update from the examples of `block` — an online step, as a
  /// daemon takes when a client sends a labelled example: the gradient of
  /// their mean cost, then the optimizer's update. Allocates nothing.
  @inlinable
  public mutating func learn(from block: Block<Net.Input, Net.Output>) {
    gradient.reset()
    accumulateGradient(of: block, scale: 1 / Double(block.count))
    update()
  }

  /// Runs `count` epochs.
  @inlinable
  public mutating func run(epochs count: Int, on data: inout Examples) {
    for _ in 0..<count { runEpoch(on: &data) }
  }

  /// The forward and backward pass of one block: adds each real example's
  /// `∂Cost/∂parameter`, weighted by `scale` (the `1/m` of a batch of `m`),
  /// to `gradient`. Padding lanes contribute nothing, whatever they hold.
  @inlinable
  public mutating func accumulateGradient(
    of block: Block<Net.Input, Net.Output>, scale: Double
  ) {
    self.block.load(block, count: block.count)
    Self.accumulate(
      self.block, network: network, loss: loss, scale: scale, trace: &passTrace,
      gradient: &gradient,
      preActivationGradient: &preActivationGradient)
  }

  /// The forward and backward pass of a block whose padding lanes are zero.
  @inlinable @inline(__always)
  static func accumulate(
    _ block: Block<Net.Input, Net.Output>, network: Net, loss: Loss, scale: Double,
    trace: inout Net.Trace, gradient: inout Net.Gradient, preActivationGradient: inout Net.Output
  ) {
    network.forward(block.inputs, trace: &trace)
    loss.preActivationGradient(
      outputs: trace.output, targets: block.targets, activation: network.outputActivation,
      scale: scale, padding: .!block.validLanes, into: &preActivationGradient)
    network.backward(
      preActivationGradient: preActivationGradient, input: block.inputs, trace: &trace,
      gradient: &gradient,
      propagates: false)
  }
}

extension Network {
  /// The cost over a dataset: the mean over its examples of the loss summed
  /// over the outputs — for half squared error the lecture's
  /// `1/(2m) Σ (y − ŷ)²`.
  @inlinable
  public func cost(on data: Dataset<Input, Output>, loss: Loss) -> Double {
    var trace = makeTrace()
    var total = Lanes(repeating: 0)
    for block in data.blocks {
      forward(block.inputs, trace: &trace)
      loss.addLoss(
        outputs: trace.output, preActivations: trace.preActivation, targets: block.targets,
        activation: outputActivation, padding: .!block.validLanes, to: &total)
    }
    return total.laneSum / Double(data.count)
  }
}

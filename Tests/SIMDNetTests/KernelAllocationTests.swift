import SIMDNet
import Testing

/// Once a network, a training run and a dataset exist, nothing on the hot
/// paths touches the heap: forward, backward, a training epoch of every kind,
/// a prediction and the cost. Each body runs once to warm up, then is counted.
///
/// The promise is for optimised builds, the ones a daemon ships: at `-Onone`
/// the standard library's generic iterators and accessors run unspecialised
/// and heap-allocate their coroutine frames. `Tools/test` runs this suite in
/// release builds, with and without the native CPU flags.
@Suite(
  "Kernel allocations",
  .enabled(if: isOptimized, "debug builds allocate in unspecialised generics"),
  .enabled(if: allocationCounterIsCounting, allocationCounterIsOff))
struct KernelAllocationTests {
  static func exercise<Net: FixedSizeNetwork>(_ network: Net, examples: Int) {
    var generator = MersenneTwister(seed: 1)
    var data = Dataset<Net.Input, Net.Output>(count: examples) { _ in
      var inputs = Net.Input(width: Net.Input.width)
      var targets = Net.Output(width: Net.Output.width)
      for i in 0..<Net.Input.width { inputs[feature: i][0] = generator.flat(from: -1, to: 1) }
      for k in 0..<Net.Output.width { targets[feature: k][0] = generator.uniform() }
      return (inputs.lane(0), targets.lane(0))
    }
    let block = data.blocks[0]
    let example = data[example: 0].inputs
    var trace = network.makeTrace()
    #expect(allocations { network.forward(block.inputs, trace: &trace) } == 0, "forward")
    #expect(allocations { _ = network.predict(block.inputs) } == 0, "predict four")
    #expect(allocations { _ = network.predict(example) } == 0, "predict one")
    var inPlace = network
    var y = Net.Output.Scalars(repeating: 0)
    #expect(allocations { inPlace.predict(example, into: &y) } == 0, "predict one in place")
    var x = [Double](repeating: 0.5, count: Net.Input.width)
    var output = [Double](repeating: 0, count: Net.Output.width)
    x.withUnsafeMutableBufferPointer { x in
      output.withUnsafeMutableBufferPointer { output in
        #expect(
          allocations { inPlace.predict(UnsafeBufferPointer(x), into: output) } == 0,
          "predict one between buffers")
      }
    }
    #expect(allocations { _ = network.classify(example) } == 0, "classify one")
    x.withUnsafeBufferPointer { x in
      #expect(allocations { _ = inPlace.classify(x) } == 0, "classify one from a buffer")
    }
    var scaled = ScaledNetwork(
      network,
      inputScaling: FeatureScaling(
        shift: Net.Input.Scalars(repeating: 0.25), spread: Net.Input.Scalars(repeating: 3)),
      outputScaling: FeatureScaling(
        shift: Net.Output.Scalars(repeating: -1), spread: Net.Output.Scalars(repeating: 2)))
    #expect(allocations { _ = scaled.predict(example) } == 0, "scaled predict one")
    #expect(allocations { _ = scaled.classify(example) } == 0, "scaled class index")
    x.withUnsafeMutableBufferPointer { x in
      output.withUnsafeMutableBufferPointer { output in
        #expect(
          allocations { scaled.predict(UnsafeBufferPointer(x), into: output) } == 0,
          "scaled predict one between buffers")
      }
    }
    for loss in Loss.allCases {
      #expect(allocations { _ = network.cost(on: data, loss: loss) } == 0, "cost")
      var training = Training(network: network, loss: loss, learningRate: 0.1)
      #expect(
        allocations { training.accumulateGradient(of: block, scale: 0.25) } == 0, "backward")
      // Every kind of epoch, from the same call site (`epochAllocations`).
      var epochs: [(String, Training<Net>)] = []
      for batching in [Batching.batch, .miniBatch(size: 3), .miniBatch(size: 8), .stochastic] {
        training.batching = batching
        epochs.append(("epoch \(batching)", training))
        epochs.append(
          (
            "shuffled epoch \(batching)",
            Training(
              network: network, loss: loss, learningRate: 0.1, batching: batching, shuffleSeed: 3)
          ))
      }
      let optimizers: [(Optimizer, Batching)] = [
        (.momentum(Momentum()), .batch), (.momentum(Momentum()), .miniBatch(size: 3)),
        (.rprop(RPROP()), .batch), (.adam(Adam()), .batch), (.adam(Adam()), .stochastic),
      ]
      for (optimizer, batching) in optimizers {
        epochs.append(
          (
            "\(optimizer) \(batching)",
            Training(
              network: network, loss: loss, learningRate: 0.01, batching: batching,
              optimizer: optimizer, shuffleSeed: 5)
          ))
      }
      for (name, var training) in epochs {
        #expect(epochAllocations(&training, on: &data) == 0, "\(name)")
      }
    }
  }

  /// The allocations of one epoch. Not inlined, so that each shape's
  /// optimised epoch is compiled once rather than at every kind of epoch
  /// the suite tries: the optimiser inlines the whole unrolled epoch into
  /// each call site.
  @inline(never)
  static func epochAllocations<Net: FixedSizeNetwork>(
    _ training: inout Training<Net>, on data: inout Dataset<Net.Input, Net.Output>
  ) -> UInt64 {
    allocations { training.runEpoch(on: &data) }
  }

  @Test("the counter is live in this binary")
  func counterIsLive() {
    #expect(allocationCounterIsInterposing)
  }

  @Test("the OR neuron 2-1", arguments: Activation.allCases)
  func neuron(activation: Activation) {
    Self.exercise(Layer<2, 1>(activation: activation), examples: 4)
  }

  @Test("XOR 2-2-1", arguments: Activation.allCases.filter(\.isElementwise))
  func xor(activation: Activation) {
    Self.exercise(
      MLP1<2, 2, 1>(Layer(activation: activation), Layer(activation: .sigmoid)), examples: 4)
  }

  @Test("a 4-6-3 softmax classifier on 11 examples")
  func softmax() {
    var generator = MersenneTwister(seed: 3)
    let network = MLP1<4, 6, 3>(
      Layer(activation: .tanh, initialization: .xavier, using: &generator),
      Layer(activation: .softmax, initialization: .xavier, using: &generator))
    Self.exercise(network, examples: 11)
  }

  /// Two hidden layers of more than four units (two lane groups each, the
  /// second partial). Small on purpose: every shape here is specialised
  /// and unrolled into each hot path with `-O`, and an 8-16-16-2 network
  /// made this file most of the release build's time, for no path that
  /// this shape does not take.
  @Test("3-6-5-2 on 37 examples")
  func deep() {
    var generator = MersenneTwister(seed: 2)
    let network = MLP2<3, 6, 5, 2>(
      Layer(activation: .relu, initialization: .he, using: &generator),
      Stack(
        Layer(activation: .tanh, initialization: .xavier, using: &generator),
        Layer(activation: .tableSigmoid, initialization: .xavier, using: &generator)))
    Self.exercise(network, examples: 37)
  }
}

#if DEBUG
  let isOptimized = false
#else
  let isOptimized = true
#endif

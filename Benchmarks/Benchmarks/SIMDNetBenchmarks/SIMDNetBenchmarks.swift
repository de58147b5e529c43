// SIMDNet's package-benchmark suite: wall clock, throughput and heap
// allocations of the kernel's training epochs and predictions.
//
//   cd Benchmarks && swift package benchmark
//
// Every benchmark measures only kernel calls (`runEpoch`, `predict`,
// `forward`, the activations); networks, datasets and buffers are made
// before measurement starts, so `mallocCountTotal` must be 0 everywhere —
// a nonzero count is a kernel regression. `swift package benchmark
// thresholds check` fails on it (see Thresholds/ and README.md here).
//
// Throughput is per measured operation. Where an operation covers several
// examples or values its name says how many ("4 examples per op"), so
// predictions/s = throughput × that number.
import Benchmark
import BenchmarkSupport
import Foundation
import SIMDNet

typealias XORNet = MLP1<2, 2, 1>
typealias ORNet = Layer<2, 1>
typealias DiabetesNet = MLP1<8, 16, 2>
typealias WideNet = MLP1<32, 64, 8>

var allocationFree: [BenchmarkMetric: BenchmarkThresholds] {
  // No tolerance at all: one malloc on a kernel path is a failure.
  [.mallocCountTotal: .init(relative: [.p0: 0, .p100: 0], absolute: [.p0: 0, .p100: 0])]
}

/// Metrics of every benchmark: time, rate, and heap allocations.
var kernelMetrics: [BenchmarkMetric] { [.wallClock, .throughput, .mallocCountTotal] }

func configuration(
  scaling: BenchmarkScalingFactor, extraMetrics: [BenchmarkMetric] = [], seconds: Int = 1
) -> Benchmark.Configuration {
  .init(
    metrics: kernelMetrics + extraMetrics, timeUnits: .nanoseconds,
    // Custom metrics (MFLOP/s, ‰ of peak) as plain counts, not auto-scaled to K.
    units: Dictionary(uniqueKeysWithValues: extraMetrics.map { ($0, BenchmarkUnits.count) }),
    warmupIterations: 10,
    scalingFactor: scaling, maxDuration: .seconds(seconds), maxIterations: 100_000,
    thresholds: allocationFree)
}

// The lecture's gates: inputs in file order 00, 01, 10, 11.
let gateInputs: [InlineArray<2, Double>] = [[0, 0], [0, 1], [1, 0], [1, 1]]
func gate(_ outputs: [Double]) -> Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>> {
  Dataset(inputs: gateInputs, targets: outputs.map { [$0] })
}

func xorNetwork(_ activation: Activation) -> XORNet {
  var generator = MersenneTwister(seed: 42)
  return XORNet(
    Layer(activation: activation, initialization: .xavier, using: &generator),
    Layer(activation: activation, initialization: .xavier, using: &generator))
}

func orNetwork() -> ORNet {
  var generator = MersenneTwister(seed: 42)
  return ORNet(activation: .sigmoid, initialization: .xavier, using: &generator)
}

/// One batch epoch per scaled iteration, updated by `optimizer`.
func registerEpoch<Net: Network>(
  _ name: String, _ network: Net, learningRate: Double, optimizer: Optimizer = .gradientDescent,
  on data: Dataset<Net.Input, Net.Output>, scaling: BenchmarkScalingFactor,
  extraMetrics: [BenchmarkMetric] = [], onIteration: ((Benchmark, Duration) -> Void)? = nil
) {
  var training = Training(
    network: network, learningRate: learningRate, batching: .batch, optimizer: optimizer)
  var data = data
  Benchmark(
    name, configuration: configuration(scaling: scaling, extraMetrics: extraMetrics, seconds: 2)
  ) {
    benchmark in
    let start = ContinuousClock.now
    for _ in benchmark.scaledIterations {
      training.runEpoch(on: &data)
    }
    blackHole(training.network)
    if let onIteration {
      let elapsed = ContinuousClock.now - start
      benchmark.stopMeasurement()  // reporting custom metrics is not the kernel's work
      onIteration(benchmark, elapsed)
    }
  }
}

/// Prediction of one 4-example block per scaled iteration: `predict`, or
/// with `keepingTrace` a `forward` into one trace made before measurement
/// (how a `DynamicNetwork` predicts without allocating: its `predict` makes
/// a trace, which allocates).
func registerPredict<Net: Network>(
  _ name: String, _ network: Net, on block: Net.Input, scaling: BenchmarkScalingFactor,
  keepingTrace: Bool = false
) {
  if keepingTrace {
    var trace = network.makeTrace()
    Benchmark(name, configuration: configuration(scaling: scaling)) { benchmark in
      for _ in benchmark.scaledIterations {
        network.forward(block, trace: &trace)
        blackHole(trace.output)
      }
    }
  } else {
    Benchmark(name, configuration: configuration(scaling: scaling)) { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(network.predict(block))
      }
    }
  }
}

/// `f` over a buffer of lane vectors per operation.
func registerActivation(_ name: String, _ activation: Activation, on input: [Lanes]) {
  var output = [Lanes](repeating: .zero, count: input.count)
  Benchmark(name, configuration: configuration(scaling: .one)) { benchmark in
    for _ in benchmark.scaledIterations {
      input.withUnsafeBufferPointer { source in
        output.withUnsafeMutableBufferPointer { destination in
          for k in source.indices { destination[k] = activation(source[k]) }
        }
      }
      blackHole(output[0])
    }
  }
}

let benchmarks: @Sendable () -> Void = {
  // MARK: OR 2-1 and XOR 2-2-1, sigmoid everywhere, batch gradient descent

  let or = gate([0, 1, 1, 1])
  let xor = gate([0, 1, 1, 0])
  registerEpoch(
    "OR 2-1 epoch sigmoid (4 examples per op)", orNetwork(), learningRate: 0.7, on: or,
    scaling: .kilo)
  registerPredict(
    "OR 2-1 predict sigmoid (4 examples per op)", orNetwork(), on: or.blocks[0].inputs,
    scaling: .kilo)
  registerEpoch(
    "XOR 2-2-1 epoch sigmoid (4 examples per op)", xorNetwork(.sigmoid), learningRate: 0.7, on: xor,
    scaling: .kilo)
  registerPredict(
    "XOR 2-2-1 predict sigmoid (4 examples per op)", xorNetwork(.sigmoid), on: xor.blocks[0].inputs,
    scaling: .kilo)

  // MARK: The run-time network beside the fixed shape (issue: DynamicNetwork)
  //
  // The same initial network (`DynamicNetwork(fixed)`: same shape, same
  // parameters) on the same data (`dynamicDataset`: the same examples as
  // LaneArray lanes), so the pair differs only in the network's type.

  let xorDynamic = dynamicDataset(xor)
  registerEpoch(
    "XOR 2-2-1 epoch sigmoid dynamic (4 examples per op)", DynamicNetwork(xorNetwork(.sigmoid)),
    learningRate: 0.7, on: xorDynamic, scaling: .kilo)
  registerPredict(
    "XOR 2-2-1 predict sigmoid dynamic (4 examples per op)", DynamicNetwork(xorNetwork(.sigmoid)),
    on: xorDynamic.blocks[0].inputs, scaling: .kilo, keepingTrace: true)

  // MARK: The optimizers' epochs, batch updates (issue 7)

  let optimizers: [(String, Optimizer, Double)] = [
    ("momentum", .momentum(Momentum()), 0.1), ("rprop", .rprop(RPROP()), 0),
    ("adam", .adam(Adam()), 0.001),
  ]
  for (label, optimizer, rate) in optimizers {
    registerEpoch(
      "OR 2-1 epoch sigmoid \(label) (4 examples per op)", orNetwork(), learningRate: rate,
      optimizer: optimizer, on: or, scaling: .kilo)
    registerEpoch(
      "XOR 2-2-1 epoch sigmoid \(label) (4 examples per op)", xorNetwork(.sigmoid),
      learningRate: rate, optimizer: optimizer, on: xor, scaling: .kilo)
  }

  // MARK: Table sigmoid against the exact sigmoid

  registerEpoch(
    "XOR 2-2-1 epoch tableSigmoid (4 examples per op)", xorNetwork(.tableSigmoid),
    learningRate: 0.7, on: xor, scaling: .kilo)
  registerPredict(
    "XOR 2-2-1 predict tableSigmoid (4 examples per op)", xorNetwork(.tableSigmoid),
    on: xor.blocks[0].inputs, scaling: .kilo)
  var generator = MersenneTwister(seed: 7)
  let activationInput = (0..<1024).map { _ in
    Lanes(
      generator.flat(from: -8, to: 8), generator.flat(from: -8, to: 8),
      generator.flat(from: -8, to: 8), generator.flat(from: -8, to: 8))
  }
  registerActivation("activation sigmoid (4096 values per op)", .sigmoid, on: activationInput)
  registerActivation(
    "activation tableSigmoid (4096 values per op)", .tableSigmoid, on: activationInput)

  // MARK: diabetes 8-16-2, FANN's example dataset

  do {
    let path = try diabetesTrainPath()
    let diabetes: Dataset<InlineArray<8, Lanes>, InlineArray<2, Lanes>> = try loadFANNData(path)
    var generator = MersenneTwister(seed: 42)
    let network = DiabetesNet(
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator),
      Layer(activation: .sigmoid, initialization: .xavier, using: &generator))
    registerEpoch(
      "diabetes 8-16-2 epoch sigmoid (\(diabetes.count) examples per op)", network,
      learningRate: 0.7, on: diabetes, scaling: .one)
    let diabetesDynamic = dynamicDataset(diabetes)
    registerEpoch(
      "diabetes 8-16-2 epoch sigmoid dynamic (\(diabetes.count) examples per op)",
      DynamicNetwork(network), learningRate: 0.7, on: diabetesDynamic, scaling: .one)
    // One block (the file's first four examples), fixed and run-time.
    registerPredict(
      "diabetes 8-16-2 predict sigmoid (4 examples per op)", network,
      on: diabetes.blocks[0].inputs, scaling: .kilo)
    registerPredict(
      "diabetes 8-16-2 predict sigmoid dynamic (4 examples per op)", DynamicNetwork(network),
      on: diabetesDynamic.blocks[0].inputs, scaling: .kilo, keepingTrace: true)
    for (label, optimizer, rate) in optimizers {
      registerEpoch(
        "diabetes 8-16-2 epoch sigmoid \(label) (\(diabetes.count) examples per op)", network,
        learningRate: rate, optimizer: optimizer, on: diabetes, scaling: .one)
    }
  } catch {
    // Without the data file the rest of the suite still runs; say so loudly.
    FileHandle.standardError.write(Data("warning: skipping diabetes 8-16-2: \(error)\n".utf8))
  }

  // MARK: The wide network, MLP1<32, 64, 8>, against the machine's FMA peak

  let wideShape = [32, 64, 8]
  let wide: Dataset<InlineArray<32, Lanes>, InlineArray<8, Lanes>> = randomDataset(
    count: 1024, seed: 2024)
  var wideGenerator = MersenneTwister(seed: 42)
  let wideNetwork = WideNet(
    Layer(activation: .relu, initialization: .he, using: &wideGenerator),
    Layer(activation: .linear, initialization: .xavier, using: &wideGenerator))
  let peak = FMAPeak.current()
  let forwardFlops = WideNetworkFlops.forward(wideShape) * Double(wide.count)
  let epochFlops =
    (WideNetworkFlops.forward(wideShape) + WideNetworkFlops.backward(wideShape))
    * Double(wide.count)
  let mflops = { (name: String) in
    BenchmarkMetric.custom("\(name) MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
  }
  let permille = { (name: String) in
    BenchmarkMetric.custom(
      "\(name) ‰ of FMA peak", polarity: .prefersLarger, useScalingFactor: false)
  }
  func report(_ benchmark: Benchmark, _ label: String, flops: Double, _ elapsed: Duration) {
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let rate = flops / seconds
    benchmark.measurement(mflops(label), Int(rate / 1e6))
    benchmark.measurement(permille(label), Int(1000 * rate / (peak.gigaflops * 1e9)))
  }

  var wideTrace = wideNetwork.makeTrace()
  Benchmark(
    "wide 32-64-8 forward (1024 examples per op)",
    configuration: configuration(
      scaling: .one, extraMetrics: [mflops("forward"), permille("forward")], seconds: 2)
  ) { benchmark in
    let start = ContinuousClock.now
    wide.blocks.withUnsafeBufferPointer { blocks in
      for k in blocks.indices { wideNetwork.forward(blocks[k].inputs, trace: &wideTrace) }
    }
    blackHole(wideTrace.output)
    let elapsed = ContinuousClock.now - start
    benchmark.stopMeasurement()
    report(benchmark, "forward", flops: forwardFlops, elapsed)
  }
  registerEpoch(
    "wide 32-64-8 epoch (1024 examples per op)", wideNetwork, learningRate: 0.001, on: wide,
    scaling: .one,
    extraMetrics: [mflops("epoch"), permille("epoch")]
  ) { benchmark, elapsed in
    report(benchmark, "epoch", flops: epochFlops, elapsed)
  }
  registerEpoch(
    "wide 32-64-8 epoch dynamic (1024 examples per op)", DynamicNetwork(wideNetwork),
    learningRate: 0.001, on: dynamicDataset(wide), scaling: .one,
    extraMetrics: [mflops("epoch"), permille("epoch")]
  ) { benchmark, elapsed in
    report(benchmark, "epoch", flops: epochFlops, elapsed)
  }
}

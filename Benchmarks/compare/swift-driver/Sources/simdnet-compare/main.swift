// The SIMDNet side of Benchmarks/compare/run; fann-driver.c is the FANN side.
//
//   simdnet-compare bench WORKLOADS REPS   training (every optimizer) and
//                                          prediction throughput
//   simdnet-compare check WORKLOADS        cost after 1, 100 and 1000 batch epochs;
//                                          parameters after 1, 10 (and 100) epochs
//                                          of momentum, iRPROP− and Adam
//   simdnet-compare quality RUNS SPEC...   test accuracy and cost after training
//                                          with each optimizer SPEC
//
// WORKLOADS and RUNS are the files `run` writes (see fann-driver.c). The
// shapes are compile-time types here, so the names map to them: `or` is
// Layer<2, 1>, `xor` MLP1<2, 2, 1>, `diabetes` MLP1<8, 16, 2>, `parity8`
// MLP1<8, 16, 1>.
//
// The network matches FANN's: sigmoid in every layer (exact, `.sigmoid`, and
// the table, `.tableSigmoid`, timed separately), half squared error, full
// batch (one update per epoch), the same initial weights. Batch gradient
// descent uses α = 0.7 as FANN stores it (`Float(0.7)`, a float in FANN).
// `bench` also times `.momentum` (α 0.1, μ 0.9), `.rprop` and `.adam`
// (α 0.001), the `simdnet` tool's defaults. Only the loops are timed.
//
// An optimizer SPEC is `gd[:α]` (α defaults to Double(Float(0.7))),
// `momentum[:α[:μ]]` (0.1, 0.9), `rprop` or `adam[:α]` (0.001), optionally
// followed by `@N` for mini-batches of N examples in file order instead of
// the full batch (e.g. `adam@32`).
import Foundation
import SIMDNet

/// A FANN `.data` file: `count inputs outputs`, then each example's inputs and outputs.
struct FannData {
  var inputs: [[Double]] = []
  var outputs: [[Double]] = []

  init(path: String) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      fatalError("cannot read \(path)")
    }
    let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    )
    .map { Double($0)! }
    let (count, nIn, nOut) = (Int(numbers[0]), Int(numbers[1]), Int(numbers[2]))
    var at = 3
    for _ in 0..<count {
      inputs.append(Array(numbers[at..<at + nIn]))
      at += nIn
      outputs.append(Array(numbers[at..<at + nOut]))
      at += nOut
    }
  }
}

struct Workload {
  var name: String
  var shape: (inputs: Int, hidden: Int, outputs: Int)
  var data: FannData
  var parameters: [Double]
  var trainEpochs: Int
  var predictExamples: Int
}

/// The space-separated fields of each line of a WORKLOADS or RUNS file.
func readFields(_ path: String) -> [[String]] {
  let text = try! String(contentsOfFile: path, encoding: .utf8)
  return text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
}

/// A weights file `run` wrote: one parameter per line.
func readParameters(_ path: String) -> [Double] {
  let text = try! String(contentsOfFile: path, encoding: .utf8)
  return text.split(separator: "\n").map { Double($0)! }
}

func readWorkloads(_ path: String) -> [Workload] {
  readFields(path).map { f in
    Workload(
      name: f[0], shape: (Int(f[1])!, Int(f[2])!, Int(f[3])!), data: FannData(path: f[4]),
      parameters: readParameters(f[5]), trainEpochs: Int(f[6])!, predictExamples: Int(f[7])!)
  }
}

func dataset<let I: Int, let O: Int>(_ d: FannData)
  -> Dataset<InlineArray<I, Lanes>, InlineArray<O, Lanes>>
{
  precondition(d.inputs[0].count == I && d.outputs[0].count == O, "data of another shape")
  return Dataset(count: d.inputs.count) { n in
    (InlineArray<I, Double> { d.inputs[n][$0] }, InlineArray<O, Double> { d.outputs[n][$0] })
  }
}

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + 1e-9 * Double(ts.tv_nsec)
}

/// FANN keeps its learning rate as a `float`.
let fannLearningRate = Double(Float(0.7))

/// Keeps results alive so the optimiser cannot drop the loops.
nonisolated(unsafe) var sink = 0.0

/// An optimizer, its learning rate and its batches, parsed from a SPEC (see
/// the top): `NAME[:α[:μ]][@BATCH]`, full batch without `@BATCH`.
struct OptimizerSpec {
  var label: String
  var optimizer: Optimizer
  var learningRate: Double
  var descent: GradientDescent

  init(_ spec: String) {
    let parts = spec.split(separator: "@").map(String.init)
    descent = parts.count > 1 ? .miniBatch(size: Int(parts[1])!) : .batch
    let f = parts[0].split(separator: ":").map(String.init)
    func number(_ i: Int, _ fallback: Double) -> Double {
      i < f.count ? Double(f[i])! : fallback
    }
    label = spec
    switch f[0] {
    case "gd":
      optimizer = .gradientDescent
      learningRate = number(1, fannLearningRate)
    case "momentum":
      optimizer = .momentum(try! Momentum(coefficient: number(2, 0.9)))
      learningRate = number(1, 0.1)
    case "rprop":
      optimizer = .rprop(RPROP())
      learningRate = 0  // unused by iRPROP−
    case "adam":
      optimizer = .adam(Adam())
      learningRate = number(1, 0.001)
    default:
      fatalError("unknown optimizer \(spec)")
    }
  }
}

/// The optimizers `bench` times, with the `simdnet` tool's default rates.
/// `gd` keeps the unsuffixed side names of the batch rows.
let benchOptimizers: [(suffix: String, spec: OptimizerSpec)] = [
  ("", OptimizerSpec("gd")), ("-momentum", OptimizerSpec("momentum")),
  ("-rprop", OptimizerSpec("rprop")), ("-adam", OptimizerSpec("adam")),
]

/// Epochs per second: best of `reps` runs of `epochs` batch epochs, each from
/// the initial weights.
@inline(never)
func timeTraining<Net: FixedSizeNetwork>(
  _ network: Net, _ data: Dataset<Net.Input, Net.Output>, epochs: Int, reps: Int,
  optimizer: Optimizer, learningRate: Double
) -> Double {
  var best = Double.infinity
  var data = data
  for _ in 0..<reps {
    var training = Training(
      network: network, loss: .halfSquaredError, learningRate: learningRate, descent: .batch,
      optimizer: optimizer)
    let start = now()
    for _ in 0..<epochs { training.runEpoch(on: &data) }
    best = min(best, now() - start)
    sink += training.network[parameter: 0]
  }
  return Double(epochs) / best
}

/// Predictions per second, counted per example: `predict` on blocks of four
/// examples, cycling through at least 16 blocks read from memory (so that
/// nothing is loop-invariant), every output summed into the sink.
@inline(never)
func timePrediction<Net: FixedSizeNetwork>(
  _ network: Net, _ data: Dataset<Net.Input, Net.Output>, examples: Int, reps: Int
) -> Double {
  var pool: [Net.Input] = []
  while pool.count < 16 { pool += data.blocks.map(\.inputs) }
  precondition(data.blocks.allSatisfy { $0.count == 4 }, "whole blocks only")
  let calls = examples / 4
  var best = Double.infinity
  var total = Lanes.zero
  pool.withUnsafeBufferPointer { blocks in
    for _ in 0..<reps {
      var b = 0
      let start = now()
      for _ in 0..<calls {
        let out = network.predict(blocks[b])
        for k in 0..<out.width { total += out[feature: k] }
        b += 1
        if b == blocks.count { b = 0 }
      }
      best = min(best, now() - start)
    }
  }
  sink += total.laneSum
  return Double(calls * 4) / best
}

/// One prediction as a server makes it per request: the example at `x`,
/// the outputs to `y`, through the kernel's buffer API. Not inlined into the
/// timing loop, so that nothing of the network stays in registers from one
/// example to the next (FANN's `fann_run` is a library call too).
@inline(never)
func predictOne<Net: FixedSizeNetwork>(
  _ network: inout Net, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>
) {
  network.predict(x, into: y)
}

/// One example as lane 0 of a four-example block with zeros in the other
/// lanes: the kernel's one-example prediction before issue 13, as simdnetd
/// made it (for the "before" column).
@inline(never)
func predictBlock<Net: FixedSizeNetwork>(
  _ network: Net, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>
) {
  var input = Net.Input(width: Net.Input.width)
  for i in 0..<Net.Input.width { input[feature: i][0] = x[i] }
  let output = network.predict(input)
  for k in 0..<Net.Output.width { y[k] = output[feature: k][0] }
}

/// The same through the run-time network's predictor (the tool's path).
@inline(never)
func predictOne(
  _ predictor: inout DynamicNetwork.Predictor, _ x: UnsafeBufferPointer<Double>,
  _ y: UnsafeMutableBufferPointer<Double>
) {
  predictor.predict(x, into: y)
}

/// Predictions per second, one example per call (issue 13), cycling through
/// the data set's examples in order as fann-driver's `fann_run` loop does,
/// every output summed into the sink. `predict` is one call: the network's
/// one-example `predict(_:into:)` or a `DynamicNetwork.Predictor`'s.
@inline(never)
func timeOneExample(
  _ data: FannData, examples: Int, reps: Int,
  predict: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
) -> Double {
  let (width, outputs, m) = (data.inputs[0].count, data.outputs[0].count, data.inputs.count)
  let flat = data.inputs.flatMap { $0 }
  var output = [Double](repeating: 0, count: outputs)
  var best = Double.infinity
  var total = 0.0
  flat.withUnsafeBufferPointer { flat in
    output.withUnsafeMutableBufferPointer { y in
      for _ in 0..<reps {
        var e = 0
        let start = now()
        for _ in 0..<examples {
          predict(UnsafeBufferPointer(rebasing: flat[e * width..<(e + 1) * width]), y)
          for k in 0..<outputs { total += y[k] }
          e += 1
          if e == m { e = 0 }
        }
        best = min(best, now() - start)
      }
    }
  }
  sink += total
  return Double(examples) / best
}

func set<Net: Network>(_ network: inout Net, _ parameters: [Double]) {
  precondition(parameters.count == network.parameterCount, "a weights file of another shape")
  for (i, p) in parameters.enumerated() { network[parameter: i] = p }
}

func run<Net: FixedSizeNetwork>(
  _ w: Workload, mode: String, reps: Int, data: Dataset<Net.Input, Net.Output>,
  make: (Activation) -> Net
) {
  let variants: [(String, Activation)] = [("exact", .sigmoid), ("table", .tableSigmoid)]
  for (label, activation) in variants {
    var network = make(activation)
    set(&network, w.parameters)
    if mode == "bench" {
      for (suffix, spec) in benchOptimizers {
        let epochs = timeTraining(
          network, data, epochs: w.trainEpochs, reps: reps, optimizer: spec.optimizer,
          learningRate: spec.learningRate)
        print("\(w.name) train simdnet-\(label)\(suffix) \(epochs)")
        if suffix.isEmpty {
          let predictions = timePrediction(network, data, examples: w.predictExamples, reps: reps)
          print("\(w.name) predict simdnet-\(label) \(predictions)")
          let one = timeOneExample(w.data, examples: w.predictExamples, reps: reps) {
            predictOne(&network, $0, $1)
          }
          print("\(w.name) predict1 simdnet-\(label) \(one)")
          var predictor = DynamicNetwork.Predictor(DynamicNetwork(network))
          let dynamic = timeOneExample(w.data, examples: w.predictExamples, reps: reps) {
            predictOne(&predictor, $0, $1)
          }
          print("\(w.name) predict1 simdnet-\(label)-dynamic \(dynamic)")
          let block = timeOneExample(w.data, examples: w.predictExamples, reps: reps) {
            predictBlock(network, $0, $1)
          }
          print("\(w.name) predict1 simdnet-\(label)-block \(block)")
        }
      }
    } else {
      var training = Training(
        network: network, loss: .halfSquaredError, learningRate: fannLearningRate, descent: .batch)
      var data = data
      for mark in [0, 1, 100, 1000] {
        while training.epochs < mark { training.runEpoch(on: &data) }
        let cost = training.network.cost(on: data, loss: .halfSquaredError)
        print("\(w.name) check \(mark) simdnet-\(label) cost \(cost)")
        print(
          "\(w.name) check \(mark) simdnet-\(label) params "
            + training.network.parameters.map { "\($0)" }.joined(separator: " "))
      }
      // The other optimizers, for reference.py's independent recomputation
      // (exact σ only; 10 epochs of diabetes are what pure Python affords).
      guard label == "exact" else { continue }
      for (suffix, spec) in benchOptimizers where !suffix.isEmpty {
        var training = Training(
          network: network, loss: .halfSquaredError, learningRate: spec.learningRate,
          descent: .batch, optimizer: spec.optimizer)
        var data = data
        for mark in w.name == "diabetes" ? [1, 10] : [1, 10, 100] {
          while training.epochs < mark { training.runEpoch(on: &data) }
          print(
            "\(w.name) check \(mark) simdnet-\(label)\(suffix) params "
              + training.network.parameters.map { "\($0)" }.joined(separator: " "))
        }
      }
    }
  }
}

// --- quality ----------------------------------------------------------------

/// One line of a RUNS file:
///   dataset seed inputs hidden outputs train-file test-file weights-file epochs
/// where `epochs` is a comma-separated list of checkpoints, e.g. `100,1000`.
struct QualityRun {
  var dataset: String
  var seed: String
  var shape: (inputs: Int, hidden: Int, outputs: Int)
  var train: FannData
  var test: FannData
  var parameters: [Double]
  var marks: [Int]
}

func readRuns(_ path: String) -> [QualityRun] {
  readFields(path).map { f in
    QualityRun(
      dataset: f[0], seed: f[1], shape: (Int(f[2])!, Int(f[3])!, Int(f[4])!),
      train: FannData(path: f[5]), test: FannData(path: f[6]), parameters: readParameters(f[7]),
      marks: f[8].split(separator: ",").map { Int($0)! })
  }
}

/// Accuracy and cost of `network` on `data`, computed here from `predict`'s
/// outputs one example at a time, in the same order and the same way as
/// fann-driver.c does from `fann_run`'s: cost = 1/(2m) Σ_n Σ_k (y − ŷ)²;
/// an example is right when argmax ŷ = argmax y (several outputs; first
/// maximum wins) or when (ŷ ≥ 0.5) = (y ≥ 0.5) (one output).
func evaluate<let I: Int, let O: Int, Net: FixedSizeNetwork>(_ network: Net, _ data: FannData)
  -> (accuracy: Double, cost: Double)
where Net.Input == InlineArray<I, Lanes>, Net.Output == InlineArray<O, Lanes> {
  var total = 0.0
  var right = 0
  for n in 0..<data.inputs.count {
    let out = network.predict(InlineArray<I, Double> { data.inputs[n][$0] })
    let y = data.outputs[n]
    for k in 0..<O {
      let d = y[k] - out[k]
      total += d * d
    }
    if O == 1 {
      if (out[0] >= 0.5) == (y[0] >= 0.5) { right += 1 }
    } else {
      var (a, b) = (0, 0)
      for k in 1..<O {
        if out[k] > out[a] { a = k }
        if y[k] > y[b] { b = k }
      }
      if a == b { right += 1 }
    }
  }
  let m = Double(data.inputs.count)
  return (Double(right) / m, total / (2 * m))
}

func quality<let I: Int, let O: Int, Net: FixedSizeNetwork>(
  _ run: QualityRun, specs: [OptimizerSpec], make: () -> Net
) where Net.Input == InlineArray<I, Lanes>, Net.Output == InlineArray<O, Lanes> {
  let train: Dataset<Net.Input, Net.Output> = dataset(run.train)
  for spec in specs {
    var network = make()
    set(&network, run.parameters)
    var training = Training(
      network: network, loss: .halfSquaredError, learningRate: spec.learningRate,
      descent: spec.descent, optimizer: spec.optimizer)
    var data = train
    for mark in run.marks {
      while training.epochs < mark { training.runEpoch(on: &data) }
      let (testAccuracy, testCost) = evaluate(training.network, run.test) as (Double, Double)
      let (trainAccuracy, trainCost) = evaluate(training.network, run.train) as (Double, Double)
      print(
        "quality \(run.dataset) \(run.seed) simdnet-\(spec.label) \(mark) "
          + "\(testAccuracy) \(testCost) \(trainAccuracy) \(trainCost)")
    }
  }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["bench", "check", "quality"].contains(arguments[1]) else {
  print("usage: simdnet-compare bench WORKLOADS REPS | check WORKLOADS | quality RUNS SPEC...")
  exit(2)
}
if arguments[1] == "quality" {
  let specs = arguments.dropFirst(3).map(OptimizerSpec.init)
  for run in readRuns(arguments[2]) {
    switch (run.dataset, run.shape.inputs, run.shape.hidden, run.shape.outputs) {
    case ("diabetes", 8, 16, 2):
      quality(run, specs: specs) {
        MLP1<8, 16, 2>(Layer(activation: .sigmoid), Layer(activation: .sigmoid))
      }
    case ("parity8", 8, 16, 1):
      quality(run, specs: specs) {
        MLP1<8, 16, 1>(Layer(activation: .sigmoid), Layer(activation: .sigmoid))
      }
    default:
      fatalError("no compiled shape for quality run \(run.dataset) \(run.shape)")
    }
    fflush(nil)
  }
  exit(0)
}
let reps = arguments.count > 3 ? Int(arguments[3])! : 1
for w in readWorkloads(arguments[2]) {
  switch (w.name, w.shape.inputs, w.shape.hidden, w.shape.outputs) {
  case ("or", 2, 0, 1):
    run(
      w, mode: arguments[1], reps: reps,
      data: dataset(w.data) as Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>>
    ) {
      Layer<2, 1>(activation: $0)
    }
  case ("xor", 2, 2, 1):
    run(
      w, mode: arguments[1], reps: reps,
      data: dataset(w.data) as Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>>
    ) {
      MLP1<2, 2, 1>(Layer(activation: $0), Layer(activation: $0))
    }
  case ("diabetes", 8, 16, 2):
    run(
      w, mode: arguments[1], reps: reps,
      data: dataset(w.data) as Dataset<InlineArray<8, Lanes>, InlineArray<2, Lanes>>
    ) {
      MLP1<8, 16, 2>(Layer(activation: $0), Layer(activation: $0))
    }
  default:
    fatalError("no compiled shape for workload \(w.name) \(w.shape)")
  }
  fflush(nil)
}
print("sink \(sink)")

// The SIMDNet side of Benchmarks/compare/run; fann-driver.c is the FANN side.
//
//   simdnet-compare bench WORKLOADS REPS   training and prediction throughput
//   simdnet-compare check WORKLOADS        cost after 1, 100 and 1000 batch epochs
//
// WORKLOADS is the file `run` writes (see fann-driver.c). The shapes are
// compile-time types here, so the names map to them: `or` is Layer<2, 1>,
// `xor` MLP1<2, 2, 1>, `diabetes` MLP1<8, 16, 2>.
//
// The network matches FANN's: sigmoid in every layer (exact, `.sigmoid`, and
// the table, `.tableSigmoid`, timed separately), half squared error, batch
// gradient descent with α = 0.7 as FANN stores it (`Float(0.7)`, a float in
// FANN), the same initial weights. Only the loops are timed.
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
    let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
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

func readWorkloads(_ path: String) -> [Workload] {
  let text = try! String(contentsOfFile: path, encoding: .utf8)
  return text.split(separator: "\n").map { line in
    let f = line.split(separator: " ").map(String.init)
    let weights = try! String(contentsOfFile: f[5], encoding: .utf8)
    return Workload(
      name: f[0], shape: (Int(f[1])!, Int(f[2])!, Int(f[3])!), data: FannData(path: f[4]),
      parameters: weights.split(separator: "\n").map { Double($0)! },
      trainEpochs: Int(f[6])!, predictExamples: Int(f[7])!)
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
let learningRate = Double(Float(0.7))

/// Keeps results alive so the optimiser cannot drop the loops.
nonisolated(unsafe) var sink = 0.0

/// Epochs per second: best of `reps` runs of `epochs` batch epochs, each from
/// the initial weights.
@inline(never)
func timeTraining<Net: FixedSizeNetwork>(
  _ network: Net, _ data: Dataset<Net.Input, Net.Output>, epochs: Int, reps: Int
) -> Double {
  var best = Double.infinity
  var data = data
  for _ in 0..<reps {
    var training = Training(
      network: network, loss: .halfSquaredError, learningRate: learningRate, descent: .batch)
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
      let epochs = timeTraining(network, data, epochs: w.trainEpochs, reps: reps)
      print("\(w.name) train simdnet-\(label) \(epochs)")
      let predictions = timePrediction(network, data, examples: w.predictExamples, reps: reps)
      print("\(w.name) predict simdnet-\(label) \(predictions)")
    } else {
      var training = Training(
        network: network, loss: .halfSquaredError, learningRate: learningRate, descent: .batch)
      var data = data
      for mark in [0, 1, 100, 1000] {
        while training.epochs < mark { training.runEpoch(on: &data) }
        let cost = training.network.cost(on: data, loss: .halfSquaredError)
        print("\(w.name) check \(mark) simdnet-\(label) cost \(cost)")
        print(
          "\(w.name) check \(mark) simdnet-\(label) params "
            + training.network.parameters.map { "\($0)" }.joined(separator: " "))
      }
    }
  }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["bench", "check"].contains(arguments[1]) else {
  print("usage: simdnet-compare bench WORKLOADS REPS | check WORKLOADS")
  exit(2)
}
let reps = arguments.count > 3 ? Int(arguments[3])! : 1
for w in readWorkloads(arguments[2]) {
  switch (w.name, w.shape.inputs, w.shape.hidden, w.shape.outputs) {
  case ("or", 2, 0, 1):
    run(w, mode: arguments[1], reps: reps, data: dataset(w.data) as Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>>) {
      Layer<2, 1>(activation: $0)
    }
  case ("xor", 2, 2, 1):
    run(w, mode: arguments[1], reps: reps, data: dataset(w.data) as Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>>) {
      MLP1<2, 2, 1>(Layer(activation: $0), Layer(activation: $0))
    }
  case ("diabetes", 8, 16, 2):
    run(w, mode: arguments[1], reps: reps, data: dataset(w.data) as Dataset<InlineArray<8, Lanes>, InlineArray<2, Lanes>>) {
      MLP1<8, 16, 2>(Layer(activation: $0), Layer(activation: $0))
    }
  default:
    fatalError("no compiled shape for workload \(w.name) \(w.shape)")
  }
  fflush(nil)
}
print("sink \(sink)")

// Prints the wide network's GFLOP/s — forward pass, backward pass, whole
// epoch — as a fraction of this machine's one-core double-precision FMA peak,
// with the derivation of that peak.
//
//   swift run -c release WideNetworkRoofline
//   swift run -c release -Xswiftc -target-cpu -Xswiftc haswell WideNetworkRoofline
//   WideNetworkRoofline --ghz 3.1   # use a measured clock instead of `cpu MHz`
import BenchmarkSupport
import Foundation
import SIMDNet

typealias WideNet = MLP1<32, 64, 8>
let shape = [32, 64, 8]
let examples = 1024
let repeats = 201

var measured: (Double, String)? = nil
if let index = CommandLine.arguments.firstIndex(of: "--ghz"),
  index + 1 < CommandLine.arguments.count,
  let ghz = Double(CommandLine.arguments[index + 1])
{
  measured = (ghz, "given with --ghz")
}
let peak = FMAPeak.current(measuredGigahertz: measured)

let data: Dataset<InlineArray<32, Lanes>, InlineArray<8, Lanes>> = randomDataset(
  count: examples, seed: 2024)
var generator = MersenneTwister(seed: 42)
let network = WideNet(
  Layer(activation: .relu, initialization: .he, using: &generator),
  Layer(activation: .linear, initialization: .xavier, using: &generator))

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

@inline(never)
func forwardPass(_ network: WideNet, _ trace: inout WideNet.Trace) {
  data.blocks.withUnsafeBufferPointer { blocks in
    for k in blocks.indices { network.forward(blocks[k].inputs, trace: &trace) }
  }
}

@inline(never)
func epoch(
  _ training: inout Training<WideNet>,
  _ data: inout Dataset<InlineArray<32, Lanes>, InlineArray<8, Lanes>>
) {
  training.runEpoch(on: &data)
}

var trace = network.makeTrace()
var forwardTimes: [Double] = []
for _ in 0..<repeats {
  let start = ContinuousClock.now
  forwardPass(network, &trace)
  forwardTimes.append(seconds(ContinuousClock.now - start))
}
var training = Training(network: network, learningRate: 0.001, descent: .batch)
var epochData = data
var epochTimes: [Double] = []
for _ in 0..<repeats {
  let start = ContinuousClock.now
  epoch(&training, &epochData)
  epochTimes.append(seconds(ContinuousClock.now - start))
}
precondition(
  training.network.cost(on: data, loss: .halfSquaredError).isFinite, "the wide network diverged")

let forwardFlops = WideNetworkFlops.forward(shape) * Double(examples)
let backwardFlops = WideNetworkFlops.backward(shape) * Double(examples)
let forwardTime = median(forwardTimes)
let epochTime = median(epochTimes)
let backwardTime = epochTime - forwardTime  // the epoch's own forward pass is the same work
let peakFlops = peak.gigaflops * 1e9

func line(_ name: String, flops: Double, time: Double) -> String {
  let rate = flops / time
  return String(
    format: "%-28@ %9.1f µs  %8.3f GFLOP/s  %5.1f %% of peak", name as NSString, time * 1e6,
    rate / 1e9,
    100 * rate / peakFlops)
}

print(
  "Wide network MLP1<\(shape.map(String.init).joined(separator: ", "))>, relu hidden, linear output, \(examples) random examples (MT seed 2024), batch gradient descent"
)
print("flops counted as 2 per multiply-add:")
print(
  "  forward  = 2·(32·64 + 64·8) = \(Int(WideNetworkFlops.forward(shape))) per example, \(Int(forwardFlops)) per pass"
)
print(
  "  backward = 2·(32·64 + 2·64·8) = \(Int(WideNetworkFlops.backward(shape))) per example (∂W of both layers, Wᵀδ of the upper one), \(Int(backwardFlops)) per pass"
)
print(peak.derivation)
print("median of \(repeats) single-threaded runs:")
print(line("forward pass", flops: forwardFlops, time: forwardTime))
print(line("backward (epoch − forward)", flops: backwardFlops, time: backwardTime))
print(line("training epoch", flops: forwardFlops + backwardFlops, time: epochTime))

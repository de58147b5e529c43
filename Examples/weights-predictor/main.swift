// weights-predictor: the smallest program that loads a network at run time.
//
//     weights-predictor W.json < features.csv
//
// Reads a weights file written by `simdnet train --save`, then answers one
// line of raw features (comma-separated) with one line: the class name
// first if the network names its classes, then the outputs, with `%.17g`
// (which reads back to the same doubles) — the numbers `simdnet predict`
// prints (with `--probabilities` for a classifier). A bad line is answered with `error: …` and the
// program goes on; it exits 1 at the end if any line was bad. A bad weights
// file is one error naming the file, line and column, and exit 1.
//
// No Foundation: the kernel, SIMDNetWeights (the file) and SIMDNetLines
// (the numbers on a line, read and written by the same rule as `simdnet`,
// `simdnetd` and the Embedded predictor).
import Glibc
import SIMDNet
import SIMDNetLines
import SIMDNetWeights

/// Writes all of `bytes` to a file descriptor (standard output or error).
func write(_ bytes: [UInt8], to descriptor: Int32) {
  bytes.withUnsafeBytes { _ = FileDescriptor.writeAll($0, to: descriptor) }
}

func fail(_ message: String) -> Never {
  write(Array("weights-predictor: \(message)\n".utf8), to: STDERR_FILENO)
  exit(1)
}

guard CommandLine.arguments.count == 2 else {
  fail("usage: weights-predictor WEIGHTS.json < features.csv")
}

// 1. Load and check the weights file: its shape, activations, scaling and
//    names, every number finite.
let network: DynamicNetwork
let classes: [String]
do {
  let weights = try WeightsFile.load(path: CommandLine.arguments[1])
  network = try DynamicNetwork(weights)
  classes = weights.classes ?? []
} catch {
  fail(error.description)
}

// 2. Everything a prediction needs, made once: the predictor (the kernel's
//    one-example pass, with the file's feature scaling inside) and buffers.
var predictor = DynamicNetwork.Predictor(network)
var inputs = [Double](repeating: 0, count: predictor.inputWidth)
var outputs = [Double](repeating: 0, count: predictor.outputWidth)
var number = [UInt8](repeating: 0, count: NumberField.maximumTextLength + 1)
var reply: [UInt8] = []  // the answer line, reused for every line
let maximumLineLength = NumberLine.maximumLength(numbers: predictor.inputWidth)
var badLines = 0

// 3. One line in, one line out.
while let line = readLine() {
  reply.removeAll(keepingCapacity: true)
  var text = line
  let problem: NumberLine.Problem? =
    line.utf8.count > maximumLineLength
    ? nil
    : text.withUTF8 { line in
      inputs.withUnsafeMutableBufferPointer { NumberLine.parse(line, into: $0) }
    }
  if line.utf8.count > maximumLineLength {
    reply.append("error: line too long (max ")
    reply.append(decimal: maximumLineLength)
    reply.append(" bytes)")
    badLines += 1
  } else if let problem {
    reply.append("error: ")
    problem.write(noun: "input", into: &reply)
    badLines += 1
  } else {
    inputs.withUnsafeBufferPointer { x in
      outputs.withUnsafeMutableBufferPointer { y in predictor.predict(x, into: y) }
    }
    if !classes.isEmpty {
      // The largest output's class; an empty name when an output is NaN.
      if let best = outputs.indexOfLargest(units: outputs.count) {
        reply += classes[best].utf8
      }
      reply.append(UInt8(ascii: ","))
    }
    for (k, y) in outputs.enumerated() {
      if k > 0 { reply.append(UInt8(ascii: ",")) }
      let length = number.withUnsafeMutableBufferPointer {
        NumberField.write(y, into: $0.baseAddress!)
      }
      reply += number[..<length]
    }
  }
  reply.append(UInt8(ascii: "\n"))
  write(reply, to: STDOUT_FILENO)
}
exit(badLines == 0 ? 0 : 1)

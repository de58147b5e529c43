// The bodies of the C functions `simdnet export --c` generates, generic
// over the network's fixed shape. This file is copied as it is into every
// export (beside the kernel's sources and the generated NAME.swift) and
// compiled there as Embedded Swift; it is not part of the package's build.
//
// Neither function allocates or keeps state between calls: every value
// lives on the caller's stack, and the network is a constant in read-only
// data. Two threads may call them at once.

/// One example, units in lanes (`FixedSizeNetwork.predict(_:into:)`): the
/// bits of lane 0 of the four-example pass, and the path `simdnet predict`
/// takes. Reads `inputs[0 ..< N.Input.width]`, writes
/// `outputs[0 ..< N.Output.width]`.
@inline(__always)
func predictOne<N: FixedSizeNetwork>(
  _ network: N, _ inputs: UnsafePointer<Double>, _ outputs: UnsafeMutablePointer<Double>
) {
  // `predict(_:into:)` is `mutating` only to read the parameters in place;
  // a copy on this call's stack keeps the constant read-only.
  var network = network
  var x = N.Input.Scalars(repeating: 0)
  for i in 0..<N.Input.width { x[unit: i] = inputs[i] }
  var y = N.Output.Scalars(repeating: 0)
  network.predict(x, into: &y)
  for k in 0..<N.Output.width { outputs[k] = y[unit: k] }
}

/// `count` examples, row-major, four at a time with one example per lane
/// (`Network.forward`); the lanes of a last, partial block are zero and
/// their results dropped. Lanes never mix, so every example gets the bits
/// `predictOne` gives it. Nothing is read or written when `count` is 0 or
/// negative, so the pointers may then be null.
@inline(__always)
func predictMany<N: FixedSizeNetwork>(
  _ network: N, _ inputs: UnsafePointer<Double>?, _ count: Int,
  _ outputs: UnsafeMutablePointer<Double>?
) {
  predictBlocks(network, inputs, count, outputs, input: { x, _ in x }, output: { y, _ in y })
}

/// The four-example blocks of `predictMany`: `input(x, i)` is what feature
/// `i` of a row becomes in its lane, `output(y, k)` what output `k` of a
/// lane becomes in its row.
@inline(__always)
func predictBlocks<N: FixedSizeNetwork>(
  _ network: N, _ inputs: UnsafePointer<Double>?, _ count: Int,
  _ outputs: UnsafeMutablePointer<Double>?, input: (Double, Int) -> Double,
  output: (Double, Int) -> Double
) {
  guard count > 0, let inputs, let outputs else { return }
  let inputWidth = N.Input.width
  let outputWidth = N.Output.width
  var trace = network.makeTrace()
  var start = 0
  while start < count {
    let lanes = min(4, count - start)
    var block = N.Input(width: inputWidth)
    for lane in 0..<lanes {
      let row = inputs + (start + lane) * inputWidth
      for i in 0..<inputWidth { block[feature: i][lane] = input(row[i], i) }
    }
    network.forward(block, trace: &trace)
    for lane in 0..<lanes {
      let row = outputs + (start + lane) * outputWidth
      for k in 0..<outputWidth { row[k] = output(trace.output[feature: k][lane], k) }
    }
    start += 4
  }
}

/// `predictOne` for a network trained with feature scaling: raw features
/// in, scaled by the one formula (`FeatureScaling`), outputs unscaled —
/// the bits `simdnet predict` gives on the same raw features.
@inline(__always)
func predictOne<N: FixedSizeNetwork>(
  _ network: ScaledNetwork<N>, _ inputs: UnsafePointer<Double>,
  _ outputs: UnsafeMutablePointer<Double>
) {
  var network = network
  network.predict(
    UnsafeBufferPointer(start: inputs, count: N.Input.width),
    into: UnsafeMutableBufferPointer(start: outputs, count: N.Output.width))
}

/// `predictMany` for a network trained with feature scaling: each lane's
/// inputs scaled as `predictOne` scales them, the outputs unscaled, so
/// every example gets `predictOne`'s bits.
@inline(__always)
func predictMany<N: FixedSizeNetwork>(
  _ network: ScaledNetwork<N>, _ inputs: UnsafePointer<Double>?, _ count: Int,
  _ outputs: UnsafeMutablePointer<Double>?
) {
  let (inputScaling, outputScaling) = (network.inputScaling, network.outputScaling)
  predictBlocks(
    network.base, inputs, count, outputs,
    input: { x, i in inputScaling.scaled(x, feature: i) },
    output: { y, k in outputScaling?.unscaled(y, feature: k) ?? y })
}

/// The class of one example, for a network with class names: the index of
/// its largest output (`FixedSizeNetwork.classify`: the first of equal
/// ones, from the outputs `predictOne` gives), or -1 when an output is NaN.
@inline(__always)
func classifyOne<N: FixedSizeNetwork>(_ network: N, _ inputs: UnsafePointer<Double>) -> Int32 {
  var x = N.Input.Scalars(repeating: 0)
  for i in 0..<N.Input.width { x[unit: i] = inputs[i] }
  return Int32(network.classify(x) ?? -1)
}

/// `classifyOne` for a network trained with feature scaling: raw features.
@inline(__always)
func classifyOne<N: FixedSizeNetwork>(
  _ network: ScaledNetwork<N>, _ inputs: UnsafePointer<Double>
) -> Int32 {
  var x = N.Input.Scalars(repeating: 0)
  for i in 0..<N.Input.width { x[unit: i] = inputs[i] }
  return Int32(network.classify(x) ?? -1)
}

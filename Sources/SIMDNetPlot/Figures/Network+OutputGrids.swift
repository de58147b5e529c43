import SIMDNet

extension Network {
  /// The outputs of a two-input network at every point of the grid
  /// `xs × ys`: one `PlotGrid` per output, for shading and contouring.
  public func outputGrids(xs: [Double], ys: [Double]) throws(PlotError) -> [PlotGrid] {
    try outputs(xs: xs, ys: ys).map { PlotGrid(xs: xs, ys: ys, values: $0) }
  }

  /// Runs a two-input network over a grid of points, four points to a
  /// pass — one per lane of the kernel's `SIMD4<Double>` — the way it runs
  /// on a block of training examples. A 200 × 200 grid is 10 000 forward
  /// passes. `result[k][row * xs.count + column]` is output `k` at
  /// `(xs[column], ys[row])`. The grid is in raw features: a
  /// `DynamicNetwork` trained with scaling gets them scaled, and its
  /// outputs unscaled, as its one-example prediction does.
  func outputs(xs: [Double], ys: [Double]) throws(PlotError) -> [[Double]] {
    let network = self
    let dynamic = self as? DynamicNetwork
    let (inputScaling, outputScaling) = (dynamic?.inputScaling, dynamic?.outputScaling)
    guard network.inputWidth == 2 else {
      throw PlotError("a grid over the input plane needs a network with 2 inputs")
    }
    let count = xs.count * ys.count
    var outputs = [[Double]](
      repeating: [Double](repeating: 0, count: count), count: network.outputWidth)
    var input = Input(width: 2)
    for first in stride(from: 0, to: count, by: 4) {
      var x = Lanes(repeating: 0)
      var y = Lanes(repeating: 0)
      for lane in 0..<min(4, count - first) {
        let point = first + lane
        x[lane] = inputScaling?.scaled(xs[point % xs.count], feature: 0) ?? xs[point % xs.count]
        y[lane] = inputScaling?.scaled(ys[point / xs.count], feature: 1) ?? ys[point / xs.count]
      }
      input[feature: 0] = x
      input[feature: 1] = y
      let output = network.predict(input)
      for k in 0..<network.outputWidth {
        let lanes = output[feature: k]
        for lane in 0..<min(4, count - first) {
          outputs[k][first + lane] = outputScaling?.unscaled(lanes[lane], feature: k) ?? lanes[lane]
        }
      }
    }
    return outputs
  }
}

/// A function's values sampled at every point of a rectangular grid: what
/// the decision panel shades and traces contours through.
public struct PlotGrid: Sendable, Equatable {
  /// The sample positions along x, increasing.
  public var xs: [Double]
  /// The sample positions along y, increasing.
  public var ys: [Double]
  /// `values[row * xs.count + column]` is the value at `(xs[column], ys[row])`.
  public var values: [Double]

  public init(xs: [Double], ys: [Double], values: [Double]) {
    precondition(values.count == xs.count * ys.count, "a value for every grid point")
    self.xs = xs
    self.ys = ys
    self.values = values
  }

  /// Samples `function` at every grid point.
  public init(xs: [Double], ys: [Double], function: (Double, Double) -> Double) {
    var values: [Double] = []
    values.reserveCapacity(xs.count * ys.count)
    for y in ys {
      for x in xs { values.append(function(x, y)) }
    }
    self.init(xs: xs, ys: ys, values: values)
  }

  public subscript(column: Int, row: Int) -> Double { values[row * xs.count + column] }

  /// `count` evenly spaced positions from `range`'s lower bound to its
  /// upper bound, both included; each is computed from its index, so the
  /// last is the upper bound exactly.
  public static func positions(_ range: ClosedRange<Double>, count: Int) -> [Double] {
    precondition(count >= 2, "a grid needs at least two positions per axis")
    let span = range.upperBound - range.lowerBound
    return (0..<count).map { index in
      index == count - 1
        ? range.upperBound : range.lowerBound + span * Double(index) / Double(count - 1)
    }
  }

  /// The centres of `count` equal cells across `range`: where the pixels
  /// of an image stretched over `range` sample the function.
  public static func cellCentres(_ range: ClosedRange<Double>, count: Int) -> [Double] {
    precondition(count >= 1, "at least one cell")
    let span = range.upperBound - range.lowerBound
    return (0..<count).map { range.lowerBound + span * (Double($0) + 0.5) / Double(count) }
  }
}

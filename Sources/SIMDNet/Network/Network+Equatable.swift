extension Network {
  /// Whether `other` is the same network to the bit: the same widths and
  /// activations, and every parameter with the same bit pattern.
  ///
  /// Bits rather than `Double`'s `==`, because "the same network" means the
  /// same predictions: a NaN parameter equals itself here, and `0` differs
  /// from `−0` (which can give `−∞` rather than `+∞` downstream).
  @inlinable
  public func isBitwiseEqual(to other: some Network) -> Bool {
    guard layerWidths == other.layerWidths, layerActivations == other.layerActivations else {
      return false
    }
    for p in 0..<parameterCount
    where self[parameter: p].bitPattern != other[parameter: p].bitPattern {
      return false
    }
    return true
  }
}

/// Equal when bitwise equal (`isBitwiseEqual(to:)`).
extension Layer: Equatable {
  @inlinable
  public static func == (a: Self, b: Self) -> Bool { a.isBitwiseEqual(to: b) }
}

/// Equal when bitwise equal (`isBitwiseEqual(to:)`).
extension Stack: Equatable {
  @inlinable
  public static func == (a: Self, b: Self) -> Bool { a.isBitwiseEqual(to: b) }
}

/// Equal when bitwise equal (`isBitwiseEqual(to:)`), with the same bits
/// in any scaling.
extension DynamicNetwork: Equatable {
  @inlinable
  public static func == (a: Self, b: Self) -> Bool {
    func same(_ x: FeatureScaling<[Double]>?, _ y: FeatureScaling<[Double]>?) -> Bool {
      switch (x, y) {
      case (nil, nil): true
      case (let x?, let y?): x.isBitwiseEqual(to: y)
      default: false
      }
    }
    return a.isBitwiseEqual(to: b) && same(a.inputScaling, b.inputScaling)
      && same(a.outputScaling, b.outputScaling)
  }
}

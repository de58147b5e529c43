/// Per-feature scaling that travels with a network, so that it takes raw
/// features and gives outputs in the units of its targets.
///
/// Input `i` enters the network as `x′ = (x − shift[i]) / spread[i]`; an
/// output scaled for training leaves it as `y = y′ · spread[k] + shift[k]`.
/// Standardisation has `shift` the training mean and `spread` the
/// standard deviation; min–max scaling `shift` the minimum and `spread`
/// the range.
///
/// One formula on every path — the tool, `DynamicNetwork.Predictor`,
/// `ScaledNetwork`, the C export — so that all of them give the same bits:
/// a division (not a multiplication by a stored reciprocal, which rounds
/// differently) and, on the way out, a separate multiply and add (Swift
/// never fuses them).
///
/// Every spread must be finite and non-zero. A feature that was constant
/// in the training data has a spread of 0; whoever computes the
/// parameters stores 1 instead (the tool does), so the feature becomes
/// `x − shift`, 0 for the value it was trained on, and never a division by
/// zero. The weights-file reader refuses a zero spread.
///
/// `Values` is `InlineArray<N, Double>` for the fixed shapes (a constant
/// in read-only data, as Embedded builds without an allocator need) and
/// `[Double]` for `DynamicNetwork`.
public struct FeatureScaling<Values: ExampleStorage & Sendable>: Sendable {
  /// Subtracted from each feature first.
  public var shift: Values
  /// What the shifted feature is divided by.
  public var spread: Values

  @inlinable
  public init(shift: Values, spread: Values) {
    self.shift = shift
    self.spread = spread
  }

  /// `(x − shift[i]) / spread[i]`: feature `i` as the network sees it.
  @inlinable @inline(__always)
  public func scaled(_ x: Double, feature i: Int) -> Double {
    (x - shift[unit: i]) / spread[unit: i]
  }

  /// `y′ · spread[k] + shift[k]`: output `k` back in its own units.
  @inlinable @inline(__always)
  public func unscaled(_ y: Double, feature k: Int) -> Double {
    y * spread[unit: k] + shift[unit: k]
  }

  /// The inverse of `unscaled`, for targets: `(y − shift[k]) / spread[k]`,
  /// the same formula as `scaled`.
  @inlinable @inline(__always)
  public func scaledTarget(_ y: Double, feature k: Int) -> Double { scaled(y, feature: k) }
}

extension FeatureScaling where Values == [Double] {
  /// The number of features.
  @inlinable
  public var width: Int { shift.count }

  /// Whether the two have the same bits in every shift and spread.
  @inlinable
  public func isBitwiseEqual(to other: Self) -> Bool {
    shift.count == other.shift.count && spread.count == other.spread.count
      && shift.indices.allSatisfy { shift[$0].bitPattern == other.shift[$0].bitPattern }
      && spread.indices.allSatisfy { spread[$0].bitPattern == other.spread[$0].bitPattern }
  }
}

extension Array: ExampleStorage where Element == Double {
  @inlinable
  public subscript(unit unit: Int) -> Double {
    _read { yield self[unit] }
    _modify { yield &self[unit] }
  }
}

/// Equal when every shift and spread is equal (`==` of `Double`).
extension FeatureScaling: Equatable where Values == [Double] {}

/// Four examples side by side: lane `k` of every vector belongs to example `k`.
///
/// This is the lecture's vectorised layout (`X_train` is one row per feature,
/// one column per example) cut into columns of four, so that one
/// `SIMD4<Double>` holds one feature — or one neuron's pre-activation — for
/// four examples at once.
public typealias Lanes = SIMD4<Double>

extension SIMD4 where Scalar == Double {
  /// The sum of the four lanes, always as `(l0 + l1) + (l2 + l3)`.
  ///
  /// The order is spelled out so that the sum is the same bits in every
  /// build; a reduction whose order the compiler chooses is not.
  @inlinable
  public var laneSum: Double { (self[0] + self[1]) + (self[2] + self[3]) }

  /// `(value(0), …, value(3))` for `count` ≥ 4; for fewer, the lanes past
  /// `count` repeat lanes before them: `(v0, v0, v0, v0)`, `(v0, v1, v0, v1)`
  /// or `(v0, v1, v2, v0)`.
  ///
  /// The repeats are what a padding lane of the one-example pass holds:
  /// it then computes a real unit again and never anything else. Zeros
  /// there were constants that the optimiser folded into the activations'
  /// lane masks, which it then rebuilt lane by lane, more slowly.
  @inlinable @inline(__always)
  public static func gathering(count: Int, _ value: (Int) -> Double) -> Self {
    switch count {
    case 1: Self(repeating: value(0))
    case 2: Self(lowHalf: SIMD2(value(0), value(1)), highHalf: SIMD2(value(0), value(1)))
    case 3: Self(value(0), value(1), value(2), value(0))
    default: Self(value(0), value(1), value(2), value(3))
    }
  }

  /// `values[first ..< first + 4]`, with the lanes past the end of `values`
  /// repeating lanes before them as `gathering(count:_:)` does: four
  /// neighbours with one vector load where there are four.
  @inlinable @inline(__always)
  public init<let count: Int>(_ values: borrowing InlineArray<count, Double>, from first: Int) {
    switch count - first {
    case 1: self.init(repeating: values[first])
    case 2:
      let pair = SIMD2(values[first], values[first + 1])
      self.init(lowHalf: pair, highHalf: pair)
    case 3: self.init(values[first], values[first + 1], values[first + 2], values[first])
    default: self.init(values[first], values[first + 1], values[first + 2], values[first + 3])
    }
  }

  /// The lanes that hold real examples when a block holds `count` of them;
  /// the rest are padding.
  @inlinable
  public static func validLanes(count: Int) -> SIMDMask<SIMD4<Int64>> {
    SIMD4<Int64>(0, 1, 2, 3) .< SIMD4<Int64>(repeating: Int64(count))
  }
}

/// One vector of lanes per feature (or neuron) of a block of four examples:
/// `InlineArray<N, Lanes>` when the width is fixed at compile time,
/// `LaneArray` when it is known only at run time.
public protocol LaneVector: LaneStorage, Sendable {
  /// One example's values: `InlineArray<N, Double>` or `[Double]`.
  associatedtype Scalars: Sendable

  /// All zeros, `width` features wide.
  init(width: Int)

  /// The values of the example in `lane`.
  func lane(_ lane: Int) -> Scalars

  /// Stores one example's values into `lane`.
  mutating func setLane(_ lane: Int, to values: Scalars)
}

/// Where one vector of lanes per feature is kept: what a layer's passes
/// read and write. A `LaneVector` owns its lanes; `DynamicNetwork`'s passes
/// use views into the buffers it allocated when it was made.
public protocol LaneStorage {
  /// The number of features (or neurons).
  var width: Int { get }

  subscript(feature feature: Int) -> Lanes { get set }
}

/// One example's values, one `Double` per feature (or unit): what the
/// one-example pass (`DenseParameterStorage.forward(example:into:)`) reads
/// and writes. `InlineArray<N, Double>` for the fixed shapes; pointers for
/// `DynamicNetwork`'s predictor.
public protocol ExampleStorage {
  subscript(unit unit: Int) -> Double { get set }

  /// Stores lanes `0 ..< count` of `values` as units `first ..< first +
  /// count`, `count` 1 to 4. The default stores them one by one.
  mutating func store(_ values: Lanes, units first: Int, count: Int)
}

extension ExampleStorage {
  @inlinable @inline(__always)
  public mutating func store(_ values: Lanes, units first: Int, count: Int) {
    for u in 0..<count { self[unit: first + u] = values[u] }
  }
}

extension InlineArray: ExampleStorage where Element == Double {
  @inlinable
  public subscript(unit unit: Int) -> Double {
    _read { yield self[unit] }
    _modify { yield &self[unit] }
  }
}

/// One example's values in a value of fixed size: `InlineArray<N, Double>`.
public protocol FixedWidthExample: ExampleStorage, BitwiseCopyable, Sendable {
  init(repeating value: Double)
}

extension InlineArray: FixedWidthExample where Element == Double {}

/// A `LaneVector` whose width is part of its type.
public protocol FixedWidthLaneVector: LaneVector, BitwiseCopyable
where Scalars: FixedWidthExample {
  static var width: Int { get }
}

extension InlineArray: LaneStorage, LaneVector, FixedWidthLaneVector where Element == Lanes {
  public typealias Scalars = InlineArray<count, Double>

  /// All zeros; `width` must be `count`.
  @inlinable
  public init(width: Int) {
    precondition(width == count, "a fixed-width vector of another width")
    self.init(repeating: .zero)
  }

  @inlinable
  public static var width: Int { count }

  @inlinable
  public var width: Int { count }

  @inlinable
  public subscript(feature feature: Int) -> Lanes {
    _read { yield self[feature] }
    _modify { yield &self[feature] }
  }

  @inlinable
  public func lane(_ lane: Int) -> Scalars {
    Scalars { self[$0][lane] }
  }

  @inlinable
  public mutating func setLane(_ lane: Int, to values: Scalars) {
    for feature in 0..<count { self[feature][lane] = values[feature] }
  }
}

/// Lanes for a width known only at run time, as the `simdnet` tool needs
/// for the shapes it reads from the command line.
public struct LaneArray: LaneVector {
  public typealias Scalars = [Double]

  public var features: [Lanes]

  @inlinable
  public init(width: Int) { features = Array(repeating: .zero, count: width) }

  @inlinable
  public var width: Int { features.count }

  @inlinable
  public subscript(feature feature: Int) -> Lanes {
    _read { yield features[feature] }
    _modify { yield &features[feature] }
  }

  @inlinable
  public func lane(_ lane: Int) -> [Double] { features.map { $0[lane] } }

  @inlinable
  public mutating func setLane(_ lane: Int, to values: [Double]) {
    precondition(values.count == width, "an example of the wrong width")
    for feature in 0..<width { features[feature][lane] = values[feature] }
  }
}

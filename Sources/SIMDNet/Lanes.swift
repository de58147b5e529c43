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

  /// The lanes that hold real examples when a block holds `count` of them;
  /// the rest are padding.
  @inlinable
  public static func validLanes(count: Int) -> SIMDMask<SIMD4<Int64>> {
    SIMD4<Int64>(0, 1, 2, 3) .< SIMD4<Int64>(repeating: Int64(count))
  }
}

/// A fixed number of `Lanes`: one per feature (or neuron) of a block of four
/// examples. `InlineArray<N, Lanes>` is the only conformer; the protocol lets
/// generic network code name "the input of this network" and "its output".
public protocol LaneVector: Sendable, BitwiseCopyable {
  /// One example's values: `InlineArray<N, Double>`.
  associatedtype Scalars: Sendable, BitwiseCopyable

  /// The number of features (or neurons).
  static var width: Int { get }

  init(repeating value: Lanes)

  subscript(feature feature: Int) -> Lanes { get set }

  /// The values of the example in `lane`.
  func lane(_ lane: Int) -> Scalars

  /// Stores one example's values into `lane`.
  mutating func setLane(_ lane: Int, to values: Scalars)
}

extension InlineArray: LaneVector where Element == Lanes {
  public typealias Scalars = InlineArray<count, Double>

  @inlinable
  public static var width: Int { count }

  @inlinable
  public subscript(feature feature: Int) -> Lanes {
    get { self[feature] }
    set { self[feature] = newValue }
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

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How one axis of a plot maps data values to pixels: linearly, or by
/// logarithm for a cost that falls through several decades.
public struct PlotScale: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    case linear
    /// Equal distances for equal ratios; the domain must be positive.
    case logarithmic = "log"
  }

  public var kind: Kind
  /// The data values at the two ends of the axis.
  public var domain: ClosedRange<Double>
  /// The pixel positions of `domain.lowerBound` and `domain.upperBound`.
  /// For a y axis the lower bound is drawn at the bottom, so `start` is the
  /// larger pixel coordinate.
  public var start: Double
  public var end: Double

  public init(_ kind: Kind, domain: ClosedRange<Double>, pixels start: Double, _ end: Double) {
    precondition(domain.lowerBound < domain.upperBound, "an empty domain")
    precondition(kind == .linear || domain.lowerBound > 0, "a log scale needs a positive domain")
    self.kind = kind
    self.domain = domain
    self.start = start
    self.end = end
  }

  /// The pixel position of `value`; values outside the domain map outside
  /// the axis, and non-positive values on a log scale to its lower end.
  public func position(of value: Double) -> Double {
    let fraction: Double
    switch kind {
    case .linear:
      fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
    case .logarithmic:
      guard value > 0 else { return start }
      let low = log10(domain.lowerBound)
      fraction = (log10(value) - low) / (log10(domain.upperBound) - low)
    }
    return start + fraction * (end - start)
  }

  /// The ticks to draw along the axis: round numbers for a linear scale,
  /// powers of ten (and the 2…9 multiples between them, unlabelled, when
  /// there is room) for a log scale.
  func ticks(targetCount: Int = 5) -> [PlotTick] {
    switch kind {
    case .linear: PlotTicks.linear(in: domain, targetCount: targetCount)
    case .logarithmic: PlotTicks.logarithmic(in: domain)
    }
  }
}

extension PlotScale.Kind {
  /// The scale for a cost curve with these costs: logarithmic when every
  /// cost is positive and the largest is more than 100 times the smallest
  /// (the curve spans more than two decades), linear otherwise.
  ///
  /// Why 100: on a linear axis a curve that falls by more than two decades
  /// spends everything after its first drop squeezed into the bottom 1% of
  /// the plot, where late progress (or a late rise) cannot be seen; below
  /// that, a linear axis reads more naturally and starts at zero.
  public static func forCosts(_ costs: [Double]) -> PlotScale.Kind {
    guard let low = costs.min(), let high = costs.max(), low > 0 else { return .linear }
    return high > 100 * low ? .logarithmic : .linear
  }
}

extension PlotScale {
  /// A cost axis covering `costs`: linear from zero (or the lowest cost, if
  /// negative) up to the next round number above the highest, or
  /// logarithmic from the 1, 2 or 5 times a power of ten at or below the
  /// lowest cost to the one at or above the highest — whole decades would
  /// leave up to nine tenths of a decade empty at each end.
  /// `targetCount` is the number of ticks the linear axis will get, so that
  /// its top is one of them.
  public static func costDomain(_ costs: [Double], kind: Kind, targetCount: Int = 5)
    -> ClosedRange<Double>
  {
    precondition(!costs.isEmpty, "no costs")
    let low = costs.min()!
    let high = costs.max()!
    switch kind {
    case .linear:
      return PlotTicks.niceDomain(min(0, low)...high, targetCount: targetCount)
    case .logarithmic:
      precondition(low > 0, "a log scale needs positive costs")
      let bottom = roundNumber(atMost: low)
      var top = roundNumber(atLeast: high)
      if top <= bottom { top = roundNumber(atLeast: bottom.nextUp) }
      return bottom...top
    }
  }

  /// The largest 1, 2 or 5 × 10ⁿ at or below positive `value`.
  static func roundNumber(atMost value: Double) -> Double {
    let n = PlotNumber.decade(of: value)
    return [5.0, 2, 1].map { PlotNumber.scaled($0, byPowerOfTen: n) }.first { $0 <= value }
      ?? PlotNumber.scaled(1, byPowerOfTen: n)
  }

  /// The smallest 1, 2 or 5 × 10ⁿ at or above positive `value`.
  static func roundNumber(atLeast value: Double) -> Double {
    let n = PlotNumber.decade(of: value)
    return [1.0, 2, 5, 10].map { PlotNumber.scaled($0, byPowerOfTen: n) }.first { $0 >= value }
      ?? PlotNumber.scaled(10, byPowerOfTen: n)
  }
}

/// One mark on an axis.
public struct PlotTick: Sendable, Equatable {
  public var value: Double
  /// The text beside a major tick; empty for a minor one.
  public var label: String
  /// Major ticks are labelled and get a grid line; minor ones are short
  /// unlabelled marks (the 2…9 multiples on a log axis).
  public var isMajor: Bool

  public init(value: Double, label: String, isMajor: Bool = true) {
    self.value = value
    self.label = label
    self.isMajor = isMajor
  }
}

/// Where ticks go: the classic "nice numbers" rule — steps of 1, 2 or 5
/// times a power of ten — so labels are short round numbers, all with the
/// same number of decimals.
public enum PlotTicks {
  /// The nice step that divides `span` into about `targetCount` parts.
  public static func niceStep(span: Double, targetCount: Int = 5) -> Double {
    precondition(span > 0 && span.isFinite && targetCount > 0, "no step for this span")
    let raw = span / Double(targetCount)
    let exponent = PlotNumber.decade(of: raw)
    let normalized = raw / PlotNumber.powerOfTen(exponent)
    let multiple: Double =
      normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
    return PlotNumber.scaled(multiple, byPowerOfTen: exponent)
  }

  /// The decimals a label needs to show multiples of `step` exactly.
  static func decimals(forStep step: Double) -> Int {
    max(0, -PlotNumber.decade(of: step))
  }

  /// Ticks at every multiple of the nice step inside `domain` (both ends
  /// included when they are multiples), each labelled with the decimals
  /// the step needs. Values are computed as `k × step`, not by repeated
  /// addition, so that no rounding error piles up (`0.30000000000000004`).
  public static func linear(
    in domain: ClosedRange<Double>, targetCount: Int = 5, integerStep: Bool = false
  ) -> [PlotTick] {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0 && span.isFinite else { return [] }
    var step = niceStep(span: span, targetCount: targetCount)
    if integerStep { step = max(1, step) }
    let decimals = decimals(forStep: step)
    // A hair of slack so that an end a rounding error off a multiple still
    // gets its tick.
    let slack = step * 1e-9
    let first = ((domain.lowerBound - slack) / step).rounded(.up)
    let last = ((domain.upperBound + slack) / step).rounded(.down)
    guard first <= last else { return [] }
    return stride(from: first, through: last, by: 1).map { k in
      let value = k * step
      return PlotTick(value: value, label: PlotNumber.fixed(value, decimals: decimals))
    }
  }

  /// `domain` widened to the nearest multiples of its nice step, so that a
  /// linear axis begins and ends on a labelled tick. An empty or
  /// single-value domain becomes one step wide.
  public static func niceDomain(_ domain: ClosedRange<Double>, targetCount: Int = 5)
    -> ClosedRange<Double>
  {
    var (low, high) = (domain.lowerBound, domain.upperBound)
    if high == low {
      let pad = low == 0 ? 1 : low.magnitude / 2
      (low, high) = (low == 0 ? 0 : low - pad, low + pad)
    }
    guard (high - low).isFinite else { return low...high }
    let step = niceStep(span: high - low, targetCount: targetCount)
    let slack = step * 1e-9
    let (niceLow, niceHigh) = (
      ((low + slack) / step).rounded(.down) * step, ((high - slack) / step).rounded(.up) * step
    )
    // Widening past the largest double would leave an infinite end.
    return niceLow.isFinite && niceHigh.isFinite ? niceLow...niceHigh : low...high
  }

  /// Major ticks at the powers of ten inside `domain` — every one, or every
  /// second, fifth, … when there are more than about seven — labelled
  /// `10ⁿ`; when the domain spans six decades or fewer, minor ticks at the
  /// multiples 2…9 between them. A domain holding fewer than two powers of
  /// ten (a log axis forced on a narrow range) gets labelled ticks at 1, 2
  /// and 5 times the powers instead, written plainly (`0.002`).
  public static func logarithmic(in domain: ClosedRange<Double>) -> [PlotTick] {
    precondition(domain.lowerBound > 0, "a log axis needs a positive domain")
    var low = PlotNumber.decade(of: domain.lowerBound)
    if PlotNumber.powerOfTen(low) < domain.lowerBound * (1 - 1e-12) { low += 1 }
    let high = PlotNumber.decade(of: domain.upperBound)
    if high - low < 1 { return narrowLogarithmic(in: domain) }
    let decades = high - low
    let every = decades <= 7 ? 1 : decades <= 14 ? 2 : decades <= 35 ? 5 : (decades + 6) / 7
    var ticks: [PlotTick] = []
    let showMinor =
      PlotNumber.decade(of: domain.upperBound)
      - PlotNumber.decade(of: domain.lowerBound) <= 6
    for n in (low - 1)...high {
      let power = PlotNumber.powerOfTen(n)
      if n >= low && (n - low) % every == 0 {
        ticks.append(PlotTick(value: power, label: PlotNumber.powerOfTenLabel(n)))
      }
      guard showMinor else { continue }
      for multiple in 2...9 {
        let value = PlotNumber.scaled(Double(multiple), byPowerOfTen: n)
        if value > domain.lowerBound * (1 - 1e-12) && value < domain.upperBound * (1 + 1e-12) {
          ticks.append(PlotTick(value: value, label: "", isMajor: false))
        }
      }
    }
    return ticks
  }

  /// Ticks for a log axis spanning less than about a decade: 1, 2 and 5
  /// times each power of ten inside it, all labelled, and the other
  /// multiples as minor ticks.
  static func narrowLogarithmic(in domain: ClosedRange<Double>) -> [PlotTick] {
    let (low, high) = (
      PlotNumber.decade(of: domain.lowerBound), PlotNumber.decade(of: domain.upperBound)
    )
    var ticks: [PlotTick] = []
    for n in low...high {
      for multiple in 1...9 {
        let value = PlotNumber.scaled(Double(multiple), byPowerOfTen: n)
        guard value > domain.lowerBound * (1 - 1e-12) && value < domain.upperBound * (1 + 1e-12)
        else { continue }
        let isMajor = multiple == 1 || multiple == 2 || multiple == 5
        ticks.append(
          PlotTick(
            value: value, label: isMajor ? PlotNumber.significant(value, digits: 1) : "",
            isMajor: isMajor))
      }
    }
    return ticks
  }
}

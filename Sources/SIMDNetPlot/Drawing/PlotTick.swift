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

/// What `simdnet plot` can be asked for besides the report and the data.
public struct PlotOptions: Sendable, Equatable {
  /// The figure's heading; by default "Training report".
  public var title: String?
  /// The figure's size in pixels; by default 960 × 440 with a decision
  /// panel and 600 × 440 without.
  public var width: Int?
  public var height: Int?
  /// The cost axis; nil chooses by `PlotScale.Kind.forCosts`.
  public var costScale: PlotScale.Kind?
  /// Contour grid points per axis.
  public var gridSize: Int

  public init(
    title: String? = nil, width: Int? = nil, height: Int? = nil,
    costScale: PlotScale.Kind? = nil, gridSize: Int = 200
  ) {
    self.title = title
    self.width = width
    self.height = height
    self.costScale = costScale
    self.gridSize = gridSize
  }

  public static let widths = 320...8192
  public static let heights = 240...8192
  public static let gridSizes = 2...1000
}

/// One connected piece of a contour, in the grid's coordinates.
public struct ContourLine: Sendable, Equatable {
  public var points: [PlotPoint]
  /// Whether the line returns to where it started (a loop inside the grid)
  /// rather than running from one side of the grid to another. A closed
  /// line does not repeat its first point at the end.
  public var isClosed: Bool

  public init(points: [PlotPoint], isClosed: Bool) {
    self.points = points
    self.isClosed = isClosed
  }
}

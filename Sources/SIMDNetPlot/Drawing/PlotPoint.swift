/// A point in the plane: data coordinates or pixels, as the context says.
public struct PlotPoint: Sendable, Equatable, Hashable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

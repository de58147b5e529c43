/// The examples the decision panel draws on the input plane: where each
/// one lies and its class, and what the data calls its columns.
public struct PlotExamples: Sendable, Equatable {
  /// The file the examples came from, named in errors.
  public var file: String
  /// Each example's two inputs, as a point of the plane.
  public var points: [PlotPoint]
  /// Each example's class (`targetClass` of its targets),
  /// which colours its marker.
  public var classes: [Int]
  /// The names of the two inputs, when the data names its columns: the
  /// axis titles.
  public var inputNames: [String]?
  /// The names of the targets, one per output, when the data names every
  /// column: the legend's labels.
  public var targetNames: [String]?

  public init(
    file: String, points: [PlotPoint], classes: [Int], inputNames: [String]? = nil,
    targetNames: [String]? = nil
  ) {
    precondition(points.count == classes.count, "a class for every point")
    self.file = file
    self.points = points
    self.classes = classes
    self.inputNames = inputNames
    self.targetNames = targetNames
  }
}

extension PlotExamples {
  /// The class of an example's targets: `y > 0.5` for one output, the
  /// argmax for several — the same rule the tool's accuracy uses.
  public static func targetClass(_ targets: [Double]) -> Int {
    targets.count == 1 ? (targets[0] > 0.5 ? 1 : 0) : DecisionPanel.argmax(targets)
  }
}

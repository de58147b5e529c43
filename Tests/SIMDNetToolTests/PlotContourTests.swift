import SIMDNet
import SIMDNetPlot
import SIMDNetTestSupport
import SIMDNetTool
import Testing

@Suite("Plot contours and polylines")
struct PlotContourTests {
  /// One sigmoid neuron `σ(k(x + y − 0.9))`: steep, so that its 0.5
  /// contour is the line `x + y = 0.9` and nothing else.
  static func diagonalNeuron(steepness k: Double = 50) throws -> WeightsFile {
    try WeightsFile(
      layers: [2, 1], activations: [.sigmoid], weights: [[[k, k]]], biases: [[-0.9 * k]])
  }

  @Test("the 0.5 contour of a steep neuron lies within a grid cell of its line x + y = 0.9")
  func linearBoundary() throws {
    let network = try DynamicNetwork(Self.diagonalNeuron())
    let positions = PlotGrid.positions(-0.25...1.25, count: 200)
    let cell = positions[1] - positions[0]
    let grids = try network.outputGrids(xs: positions, ys: positions)
    #expect(grids.count == 1)
    let lines = PlotContour.lines(of: grids[0], at: 0.5)
    #expect(lines.count == 1)
    let line = try #require(lines.first)
    #expect(!line.isClosed)
    #expect(line.points.count > 200)
    for point in line.points {
      #expect(abs(point.x + point.y - 0.9) <= cell, "(\(point.x), \(point.y))")
    }
    // It runs the whole width of the plane: from the left side to the
    // bottom, or the other way round.
    let ends = [line.points.first!, line.points.last!].sorted { $0.x < $1.x }
    #expect(abs(ends[0].x - -0.25) < 1e-12 && abs(ends[0].y - 1.15) <= cell)
    #expect(abs(ends[1].y - -0.25) < 1e-12 && abs(ends[1].x - 1.15) <= cell)
  }

  @Test("the network sweep matches the network's own prediction at every grid point")
  func sweepMatchesPredict() throws {
    let weights = try Self.diagonalNeuron(steepness: 3)
    let network = try weights.network(as: Layer<2, 1>.self)
    let xs = PlotGrid.positions(-1...2, count: 7)
    let ys = PlotGrid.positions(0...1, count: 5)
    let grid = try DynamicNetwork(weights).outputGrids(xs: xs, ys: ys)[0]
    for (row, y) in ys.enumerated() {
      for (column, x) in xs.enumerated() {
        #expect(grid[column, row] == network.predict([x, y])[0])
      }
    }
  }

  @Test("a circle's contour is one closed loop at the right radius")
  func closedLoop() {
    let positions = PlotGrid.positions(-1...1, count: 101)
    let cell = positions[1] - positions[0]
    let grid = PlotGrid(xs: positions, ys: positions) { x, y in x * x + y * y }
    let lines = PlotContour.lines(of: grid, at: 0.25)
    #expect(lines.count == 1)
    let loop = lines[0]
    #expect(loop.isClosed)
    #expect(loop.points.first != loop.points.last)
    for point in loop.points {
      #expect(abs((point.x * point.x + point.y * point.y).squareRoot() - 0.5) < cell)
    }
  }

  @Test("a saddle cell gives two separate segments, split by the mean of its corners")
  func saddle() {
    // Corners (0,0) and (1,1) high, (1,0) and (0,1) low; the mean, 0.55,
    // is above the level, so the high corners connect through the middle.
    let grid = PlotGrid(xs: [0, 1], ys: [0, 1], values: [1, 0, 0, 1.2])
    let lines = PlotContour.lines(of: grid, at: 0.5)
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { $0.points.count == 2 && !$0.isClosed })
    // Each segment cuts off one of the low corners.
    let cutCorners = lines.map { line in
      line.points.allSatisfy { $0.x >= 0.5 && $0.y <= 0.5 } ? "(1,0)" : "(0,1)"
    }
    #expect(Set(cutCorners) == ["(1,0)", "(0,1)"])
  }

  @Test("a grid that never crosses the level has no contour")
  func noCrossing() {
    let grid = PlotGrid(xs: [0, 1, 2], ys: [0, 1], function: { x, _ in x })
    #expect(PlotContour.lines(of: grid, at: 5).isEmpty)
    #expect(PlotContour.lines(of: grid, at: -1).isEmpty)
  }

  @Test("simplification turns a straight run into its ends and keeps a corner")
  func simplification() {
    let straight = (0...100).map { PlotPoint(Double($0), 2 * Double($0) + 1) }
    #expect(PlotPolyline.simplified(straight, tolerance: 0.25) == [straight[0], straight[100]])
    let corner =
      (0...10).map { PlotPoint(Double($0), 0) } + (1...10).map { PlotPoint(10, Double($0)) }
    #expect(
      PlotPolyline.simplified(corner, tolerance: 0.25)
        == [PlotPoint(0, 0), PlotPoint(10, 0), PlotPoint(10, 10)])
  }

  @Test("decimation keeps each pixel column's first, lowest, highest and last point")
  func decimation() {
    // 1000 noisy points in 10 columns of width 1.
    var generator = SplitMix64(state: 7)
    let points = (0..<1000).map {
      PlotPoint(Double($0) / 100, Double.random(in: 0...1, using: &generator))
    }
    let kept = PlotPolyline.decimated(points, columnWidth: 1)
    #expect(kept.count <= 40)
    for column in 0..<10 {
      let inColumn = points[(column * 100)..<((column + 1) * 100)]
      let keptInColumn = kept.filter { Int($0.x) == column }
      #expect(keptInColumn.first == inColumn.first)
      #expect(keptInColumn.last == inColumn.last)
      #expect(keptInColumn.map(\.y).min() == inColumn.map(\.y).min())
      #expect(keptInColumn.map(\.y).max() == inColumn.map(\.y).max())
    }
  }
}

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

/// Where a sampled function crosses a level: marching squares.
///
/// Each grid cell whose corners lie on both sides of the level gets one
/// segment (two at a saddle) between the points where its edges cross,
/// placed by linear interpolation along the edge. Segments of neighbouring
/// cells meet at the same edge point, so they are joined into polylines by
/// the edges they share — exact integer keys, never by comparing floating
/// coordinates — which makes a boundary one `<path>` instead of hundreds of
/// separate segments.
///
/// Why marching squares: with the crossing interpolated along each edge, a
/// boundary that is straight over a cell is traced exactly, and everywhere
/// the error is bounded by the cell size — the test holds it to that on
/// `x + y = 1`.
public enum PlotContour {
  /// The lines where `grid` crosses `level`. A point counts as inside when
  /// its value is at least `level`; NaN counts as outside. Lines come in a
  /// fixed order (by the first cell each touches, row by row), so the same
  /// grid always gives the same lines.
  public static func lines(of grid: PlotGrid, at level: Double) -> [ContourLine] {
    let (nx, ny) = (grid.xs.count, grid.ys.count)
    guard nx >= 2 && ny >= 2 else { return [] }
    func inside(_ column: Int, _ row: Int) -> Bool { grid[column, row] >= level }

    // Edge keys: the horizontal edge from (i, j) to (i + 1, j) is
    // 2(j·nx + i); the vertical edge from (i, j) to (i, j + 1) is that + 1.
    func horizontal(_ i: Int, _ j: Int) -> Int { 2 * (j * nx + i) }
    func vertical(_ i: Int, _ j: Int) -> Int { 2 * (j * nx + i) + 1 }

    var crossings: [Int: PlotPoint] = [:]
    func crossing(_ key: Int) -> Int {
      if crossings[key] == nil {
        let cell = key / 2
        let (i, j) = (cell % nx, cell / nx)
        let (i2, j2) = key % 2 == 0 ? (i + 1, j) : (i, j + 1)
        let (a, b) = (grid[i, j], grid[i2, j2])
        var t = (level - a) / (b - a)
        if !t.isFinite { t = 0.5 }
        t = min(1, max(0, t))
        crossings[key] = PlotPoint(
          grid.xs[i] + t * (grid.xs[i2] - grid.xs[i]),
          grid.ys[j] + t * (grid.ys[j2] - grid.ys[j]))
      }
      return key
    }

    var segments: [(Int, Int)] = []
    for j in 0..<(ny - 1) {
      for i in 0..<(nx - 1) {
        let (a, b, c, d) = (inside(i, j), inside(i + 1, j), inside(i + 1, j + 1), inside(i, j + 1))
        // The cell's edges, anticlockwise from the bottom, and whether
        // each is crossed.
        let edges = [
          (horizontal(i, j), a != b), (vertical(i + 1, j), b != c),
          (horizontal(i, j + 1), d != c), (vertical(i, j), a != d),
        ]
        let crossed = edges.filter(\.1).map(\.0)
        switch crossed.count {
        case 2:
          segments.append((crossing(crossed[0]), crossing(crossed[1])))
        case 4:
          // A saddle: a and c on one side, b and d on the other. The mean
          // of the corners decides whether a and c connect through the
          // middle (then the segments cut off b and d) or not.
          let centre = (grid[i, j] + grid[i + 1, j] + grid[i + 1, j + 1] + grid[i, j + 1]) / 4
          let (bottom, right, top, left) = (crossed[0], crossed[1], crossed[2], crossed[3])
          if (centre >= level) == a {
            segments.append((crossing(bottom), crossing(right)))
            segments.append((crossing(top), crossing(left)))
          } else {
            segments.append((crossing(left), crossing(bottom)))
            segments.append((crossing(right), crossing(top)))
          }
        default: break
        }
      }
    }
    return join(segments, points: crossings)
  }

  /// Joins segments that share an edge point into polylines: first the
  /// open ones, each walked from an end that only one segment touches,
  /// then the loops that remain.
  static func join(_ segments: [(Int, Int)], points: [Int: PlotPoint]) -> [ContourLine] {
    var touching: [Int: [Int]] = [:]
    for (index, segment) in segments.enumerated() {
      touching[segment.0, default: []].append(index)
      touching[segment.1, default: []].append(index)
    }
    var used = [Bool](repeating: false, count: segments.count)

    func walk(from segment: Int, entering edge: Int) -> [Int] {
      var edges = [edge]
      var (current, at) = (segment, edge)
      while true {
        used[current] = true
        let (first, second) = segments[current]
        at = first == at ? second : first
        edges.append(at)
        guard let next = touching[at]?.first(where: { !used[$0] }) else { break }
        current = next
      }
      return edges
    }

    var lines: [ContourLine] = []
    for (index, segment) in segments.enumerated() where !used[index] {
      for end in [segment.0, segment.1] where !used[index] && touching[end]!.count == 1 {
        let edges = walk(from: index, entering: end)
        lines.append(ContourLine(points: edges.map { points[$0]! }, isClosed: false))
      }
    }
    for (index, segment) in segments.enumerated() where !used[index] {
      var edges = walk(from: index, entering: segment.0)
      if edges.count > 1 && edges.first == edges.last { edges.removeLast() }
      lines.append(ContourLine(points: edges.map { points[$0]! }, isClosed: true))
    }
    return lines
  }
}

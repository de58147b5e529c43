/// A point in the plane: data coordinates or pixels, as the context says.
public struct PlotPoint: Sendable, Equatable, Hashable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

/// Thinning polylines before they are written: a cost curve of 100 000
/// epochs or a contour through 400 grid cells would otherwise put thousands
/// of points into the SVG that land on the same pixels.
///
/// Both steps work in pixels, so what they drop is what no one could see.
public enum PlotPolyline {
  /// Ramer–Douglas–Peucker: keeps the ends and, recursively, every point
  /// farther than `tolerance` from the segment joining the kept points
  /// around it. A straight run of any length becomes its two ends.
  /// Iterative, so that a long wiggly curve cannot overflow the stack.
  public static func simplified(_ points: [PlotPoint], tolerance: Double) -> [PlotPoint] {
    guard points.count > 2 else { return points }
    var keep = [Bool](repeating: false, count: points.count)
    keep[0] = true
    keep[points.count - 1] = true
    var pending = [(0, points.count - 1)]
    while let (first, last) = pending.popLast() {
      guard last > first + 1 else { continue }
      var farthest = first
      var farthestDistance = -1.0
      for index in (first + 1)..<last {
        let distance = distanceFrom(points[index], toSegment: points[first], points[last])
        if distance > farthestDistance {
          farthest = index
          farthestDistance = distance
        }
      }
      if farthestDistance > tolerance {
        keep[farthest] = true
        pending.append((first, farthest))
        pending.append((farthest, last))
      }
    }
    return points.indices.filter { keep[$0] }.map { points[$0] }
  }

  /// For a curve whose x never decreases: in each column `columnWidth`
  /// wide, keeps only the first, lowest, highest and last point, in their
  /// order. The drawn line still reaches every extreme of every column, so
  /// a noisy stochastic-gradient curve looks the same with a few points
  /// per pixel instead of thousands.
  public static func decimated(_ points: [PlotPoint], columnWidth: Double) -> [PlotPoint] {
    precondition(columnWidth > 0, "columns need a width")
    var result: [PlotPoint] = []
    var start = 0
    while start < points.count {
      let column = (points[start].x / columnWidth).rounded(.down)
      var end = start + 1
      while end < points.count && (points[end].x / columnWidth).rounded(.down) == column {
        end += 1
      }
      var lowest = start
      var highest = start
      for index in start..<end {
        if points[index].y < points[lowest].y { lowest = index }
        if points[index].y > points[highest].y { highest = index }
      }
      var kept = [start, lowest, highest, end - 1]
      kept.sort()
      var previous = -1
      for index in kept where index != previous {
        result.append(points[index])
        previous = index
      }
      start = end
    }
    return result
  }

  /// The distance from `point` to the segment from `a` to `b` (to `a` when
  /// the segment is a point, as for a closed loop's two ends).
  static func distanceFrom(_ point: PlotPoint, toSegment a: PlotPoint, _ b: PlotPoint) -> Double {
    let (dx, dy) = (b.x - a.x, b.y - a.y)
    let lengthSquared = dx * dx + dy * dy
    var t = 0.0
    if lengthSquared > 0 {
      t = min(1, max(0, ((point.x - a.x) * dx + (point.y - a.y) * dy) / lengthSquared))
    }
    let (ex, ey) = (point.x - (a.x + t * dx), point.y - (a.y + t * dy))
    return (ex * ex + ey * ey).squareRoot()
  }
}

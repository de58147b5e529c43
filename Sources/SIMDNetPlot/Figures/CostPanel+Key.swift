/// The cost panel's key, in a corner of the plot: which line is the
/// training cost, which the validation cost, and which marker the best
/// epoch.
extension CostPanel {
  /// A row of the key: a line or marker of the panel, and its name.
  enum KeyRow: Equatable {
    case training
    case validation
    case best(epoch: Int)

    var label: String {
      switch self {
      case .training: "training"
      case .validation: "validation"
      case .best(let epoch): "best epoch \(epoch)"
      }
    }
  }

  /// The key naming the lines, one row each, beside a piece of its line
  /// or its marker. It goes in the first corner of the plot area (top
  /// right, top left, bottom left, bottom right) where it covers none of
  /// the polylines `avoiding` and none of `boxes` (all in pixels), or if
  /// there is none, the first where it covers the fewest; the key's
  /// background is translucent, so what it covers still shows.
  static func drawKey(
    into svg: inout SVGDocument, rows: [KeyRow], area: PlotRect, avoiding lines: [[PlotPoint]],
    boxes: [PlotRect]
  ) {
    let n = SVGDocument.number
    let rowHeight = 16.0
    let size = (
      width: 8 + 24 + Double(rows.map(\.label.count).max() ?? 0) * 6.6 + 8,
      height: Double(rows.count) * rowHeight + 8
    )
    let inset = 8.0
    let corners = [
      PlotPoint(area.maxX - inset - size.width, area.y + inset),
      PlotPoint(area.x + inset, area.y + inset),
      PlotPoint(area.x + inset, area.maxY - inset - size.height),
      PlotPoint(area.maxX - inset - size.width, area.maxY - inset - size.height),
    ]
    func overlaps(_ corner: PlotPoint) -> Int {
      let xs = corner.x...(corner.x + size.width)
      let ys = corner.y...(corner.y + size.height)
      let lineCount = lines.count { line in
        span(of: line, over: xs).map { $0.overlaps(ys) } ?? false
      }
      let boxCount = boxes.count { box in
        xs.overlaps(box.x...box.maxX) && ys.overlaps(box.y...box.maxY)
      }
      return lineCount + boxCount
    }
    // The first corner with the fewest overlaps.
    let corner = corners.map { ($0, overlaps($0)) }.min { $0.1 < $1.1 }!.0

    svg.begin("g", ["class": "cost-key", "font-size": "11", "fill": PlotColor.ink.hex])
    svg.element(
      "rect",
      [
        "x": n(corner.x), "y": n(corner.y), "width": n(size.width), "height": n(size.height),
        "fill": PlotColor.white.hex, "fill-opacity": "0.85", "stroke": PlotColor.grid.hex,
        "stroke-width": "1",
      ])
    for (index, row) in rows.enumerated() {
      let centre = corner.y + 4 + rowHeight * (Double(index) + 0.5)
      let swatchX = corner.x + 8
      switch row {
      case .training:
        svg.element(
          "path",
          [
            "d": "M\(n(swatchX)) \(n(centre))h20", "stroke": trainingColor.hex,
            "stroke-width": "2",
          ])
      case .validation:
        svg.element(
          "path",
          [
            "d": "M\(n(swatchX)) \(n(centre))h20", "stroke": validationColor.hex,
            "stroke-width": "2", "stroke-dasharray": "6 4",
          ])
      case .best:
        svg.element(
          "circle",
          [
            "cx": n(swatchX + 10), "cy": n(centre), "r": "4.5", "fill": PlotColor.white.hex,
            "stroke": validationColor.hex, "stroke-width": "2",
          ])
      }
      svg.element("text", ["x": n(swatchX + 24), "y": n(centre + 4)], text: row.label)
    }
    svg.end()
  }
}

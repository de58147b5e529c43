/// The decision panel's key, beside the plot: what the shading, the line
/// and the markers mean, so the figure reads without this tool's docs.
extension DecisionPanel {
  /// The key beside the plot: the colour scale for `ŷ` (one output) or a
  /// swatch per class (several), the boundary's line, and the markers.
  static func drawLegend(
    into svg: inout SVGDocument, x: Double, y: Double, height: Double, outputCount: Int,
    hasData: Bool, targetNames: [String]?
  ) {
    let n = SVGDocument.number
    var rows: [(swatch: LegendSwatch, label: String)] = []
    var top = y
    svg.begin("g", ["fill": PlotColor.ink.hex, "font-size": "11"])
    if outputCount == 1 {
      let barHeight = min(120, height * 0.45)
      svg.element("text", ["x": n(x), "y": n(top + 10)], text: "ŷ")
      top += 18
      svg.begin("defs")
      svg.begin("linearGradient", ["id": "heat-scale", "x1": "0", "y1": "0", "x2": "0", "y2": "1"])
      for (offset, value) in [("0", 1.0), ("0.5", 0.5), ("1", 0.0)] {
        svg.element("stop", ["offset": offset, "stop-color": PlotColor.heat(value).hex])
      }
      svg.end()
      svg.end()
      svg.element(
        "rect",
        [
          "x": n(x), "y": n(top), "width": "14", "height": n(barHeight),
          "fill": "url(#heat-scale)", "stroke": PlotColor.axis.hex, "stroke-width": "1",
        ])
      for (label, fraction) in [("1", 0.0), ("0.5", 0.5), ("0", 1.0)] {
        svg.element(
          "text", ["x": n(x + 20), "y": n(top + fraction * barHeight + 4)], text: label)
      }
      top += barHeight + 18
      rows.append((.line, "ŷ = 0.5"))
      if hasData {
        let name = targetNames?.first ?? "y"
        rows.append((.marker(PlotColor.classColor(0)), "\(name) = 0"))
        rows.append((.marker(PlotColor.classColor(1)), "\(name) = 1"))
      }
    } else {
      let shown = min(outputCount, 10)
      for k in 0..<shown {
        rows.append(
          (
            hasData ? .markerOnRegion(k) : .region(PlotColor.region(k, confidence: 1)),
            targetNames?[k] ?? "class \(k)"
          ))
      }
      if outputCount > shown { rows.append((.none, "… \(outputCount - shown) more")) }
      rows.append((.line, "boundary"))
    }
    for (swatch, label) in rows {
      let centre = top + 6
      switch swatch {
      case .line:
        svg.element(
          "path",
          [
            "d": "M\(n(x)) \(n(centre))h14", "stroke": PlotColor.ink.hex,
            "stroke-width": outputCount == 1 ? "2" : "1.5",
          ])
      case .marker(let color):
        svg.element(
          "circle",
          [
            "cx": n(x + 7), "cy": n(centre), "r": "5", "fill": color.hex,
            "stroke": PlotColor.ink.hex, "stroke-width": "1",
          ])
      case .region(let color):
        svg.element(
          "rect",
          [
            "x": n(x), "y": n(centre - 6), "width": "14", "height": "12", "fill": color.hex,
            "stroke": PlotColor.axis.hex, "stroke-width": "1",
          ])
      case .markerOnRegion(let k):
        svg.element(
          "rect",
          [
            "x": n(x), "y": n(centre - 6), "width": "14", "height": "12",
            "fill": PlotColor.region(k, confidence: 1).hex, "stroke": PlotColor.axis.hex,
            "stroke-width": "1",
          ])
        svg.element(
          "circle",
          [
            "cx": n(x + 7), "cy": n(centre), "r": "3.5", "fill": PlotColor.classColor(k).hex,
            "stroke": PlotColor.ink.hex, "stroke-width": "1",
          ])
      case .none: break
      }
      svg.element("text", ["x": n(x + 20), "y": n(centre + 4)], text: label)
      top += 20
    }
    svg.end()
  }

  /// What a legend row shows left of its label.
  enum LegendSwatch {
    case line
    case marker(PlotColor)
    case region(PlotColor)
    case markerOnRegion(Int)
    case none
  }
}

/// The cost-curve panel: cost against epoch, with the final cost marked
/// and written out, as the lecture plots it after 5000 epochs.
public enum CostPanel {
  /// Margins around the plot area inside the panel's frame: room for the
  /// panel title above, tick labels and axis titles left and below.
  static let margins = (left: 66.0, right: 18.0, top: 30.0, bottom: 46.0)

  /// Draws the panel inside `frame`; `scale` is the cost axis's kind, or
  /// nil to choose by `PlotScale.Kind.forCosts`.
  public static func draw(
    into svg: inout SVGDocument, frame: PlotRect, report: TrainingReport, scale: PlotScale.Kind?
  ) {
    let n = SVGDocument.number
    let area = PlotRect(
      x: frame.x + margins.left, y: frame.y + margins.top,
      width: frame.width - margins.left - margins.right,
      height: frame.height - margins.top - margins.bottom)
    let costs = report.costCurve.map(\.cost) + [report.finalCost]
    var kind = scale ?? PlotScale.Kind.forCosts(costs)
    if kind == .logarithmic && costs.contains(where: { $0 <= 0 }) { kind = .linear }

    let firstEpoch = Double(report.costCurve[0].epoch)
    var lastEpoch = Double(max(report.costCurve.last!.epoch, report.epochs))
    if lastEpoch <= firstEpoch { lastEpoch = firstEpoch + 1 }
    let axes = PlotAxes(
      area: area,
      x: PlotScale(.linear, domain: firstEpoch...lastEpoch, pixels: area.x, area.maxX),
      y: PlotScale(
        kind,
        domain: PlotScale.costDomain(
          costs, kind: kind, targetCount: PlotAxes.tickCount(along: area.height)),
        pixels: area.maxY, area.y),
      xTitle: "epoch",
      yTitle: "cost"
        + parenthesized([report.loss, kind == .logarithmic ? "log scale" : nil].compactMap { $0 }))
    let xTicks = PlotTicks.linear(
      in: axes.x.domain, targetCount: PlotAxes.tickCount(along: area.width), integerStep: true)
    let yTicks = axes.y.ticks(targetCount: PlotAxes.tickCount(along: area.height))

    svg.begin("g", ["class": "cost-curve"])
    svg.element(
      "text",
      [
        "x": n(area.midX), "y": n(frame.y + 18), "text-anchor": "middle", "font-size": "13",
        "font-weight": "bold", "fill": PlotColor.ink.hex,
      ], text: "Cost over \(report.epochs) epochs")
    axes.drawGrid(into: &svg, xTicks: xTicks, yTicks: yTicks)

    // Half-pixel columns keep every visible wiggle; a quarter-pixel
    // tolerance keeps the line indistinguishable from the full curve.
    let pixels = report.costCurve.map { axes.pixel(PlotPoint(Double($0.epoch), $0.cost)) }
    let thinned = PlotPolyline.simplified(
      PlotPolyline.decimated(pixels, columnWidth: 0.5), tolerance: 0.25)
    if thinned.count >= 2 {
      svg.element(
        "path",
        [
          "d": SVGDocument.pathData(thinned), "fill": "none", "stroke": PlotColor.classColor(0).hex,
          "stroke-width": "2", "stroke-linejoin": "round", "stroke-linecap": "round",
        ])
    }

    let end = axes.pixel(PlotPoint(Double(report.epochs), report.finalCost))
    svg.element(
      "circle",
      [
        "cx": n(end.x), "cy": n(end.y), "r": "4", "fill": PlotColor.classColor(0).hex,
        "stroke": PlotColor.white.hex, "stroke-width": "1.5",
      ])
    let label = "final cost \(PlotNumber.significant(report.finalCost, digits: 3))"
    // Left of the point (right of it if there is no room), and on the side
    // of the point away from the curve just before it: below a falling
    // curve, above a rising one, so the text never sits on the line.
    let width = Double(label.count) * 6.6
    let fitsLeft = end.x - 8 - width >= area.x
    let labelX = fitsLeft ? (end.x - 8 - width)...(end.x - 8) : (end.x + 8)...(end.x + 8 + width)
    let labelY = labelBaseline(
      point: end, curve: span(of: thinned + [end], over: labelX) ?? (end.y...end.y), area: area)
    svg.element(
      "text",
      [
        "x": n(fitsLeft ? end.x - 8 : end.x + 8), "y": n(labelY),
        "text-anchor": fitsLeft ? "end" : "start", "fill": PlotColor.ink.hex,
        "stroke": PlotColor.white.hex, "stroke-width": "3", "paint-order": "stroke",
        "stroke-linejoin": "round",
      ], text: label)
    axes.drawFrame(into: &svg, xTicks: xTicks, yTicks: yTicks)
    svg.end()
  }

  /// ` (a, b)`, or nothing when there is nothing to say.
  static func parenthesized(_ parts: [String]) -> String {
    parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
  }

  /// Where the final-cost label's baseline goes: the first of just below
  /// the point, just above it, above the curve and below the curve where
  /// the text (11 pixels tall) stays inside the plot and off the curve,
  /// whose pixel heights under the label are `curve`.
  static func labelBaseline(point: PlotPoint, curve: ClosedRange<Double>, area: PlotRect)
    -> Double
  {
    let candidates = [point.y + 20, point.y - 10, curve.lowerBound - 7, curve.upperBound + 16]
    return candidates.first { baseline in
      let (top, bottom) = (baseline - 11, baseline + 3)
      return top >= area.y && bottom <= area.maxY
        && (bottom < curve.lowerBound - 2 || top > curve.upperBound + 2)
    } ?? candidates[1]
  }

  /// The lowest and highest y of the polyline `points` (x never
  /// decreasing) over the x range `xs`, by linear interpolation; nil where
  /// the polyline does not reach.
  static func span(of points: [PlotPoint], over xs: ClosedRange<Double>) -> ClosedRange<Double>? {
    var ys: [Double] = []
    for (a, b) in zip(points, points.dropFirst()) where a.x <= xs.upperBound && b.x >= xs.lowerBound
    {
      for x in [max(a.x, xs.lowerBound), min(b.x, xs.upperBound)] {
        ys.append(b.x > a.x ? a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) : a.y)
      }
      ys += [a.y, b.y].enumerated().compactMap { index, y in
        xs.contains(index == 0 ? a.x : b.x) ? y : nil
      }
    }
    guard let low = ys.min(), let high = ys.max() else { return nil }
    return low...high
  }
}

/// The cost-curve panel: cost against epoch, with the final cost marked
/// and written out, as the lecture plots it after 5000 epochs. A report
/// with a validation curve gets it on the same axes, dashed and in the
/// second colour, its lowest point (`best_epoch`) ringed with a drop line
/// to the epoch axis, and a key naming the lines.
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
    let validation = report.validationCurve ?? []
    let best = bestPoint(report)
    let costs =
      report.costCurve.map(\.cost) + [report.finalCost] + validation.map(\.cost)
      + [best?.cost].compactMap { $0 }
    var kind = scale ?? PlotScale.Kind.forCosts(costs)
    if kind == .logarithmic && costs.contains(where: { $0 <= 0 }) { kind = .linear }

    let firstEpoch = Double(min(report.costCurve[0].epoch, validation.first?.epoch ?? .max))
    var lastEpoch = Double(
      max(
        report.costCurve.last!.epoch, report.epochs, validation.last?.epoch ?? 0,
        best?.epoch ?? 0))
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
    func thinned(_ curve: [TrainingReport.CostPoint]) -> [PlotPoint] {
      let pixels = curve.map { axes.pixel(PlotPoint(Double($0.epoch), $0.cost)) }
      return PlotPolyline.simplified(
        PlotPolyline.decimated(pixels, columnWidth: 0.5), tolerance: 0.25)
    }
    let validationLine = thinned(validation)
    if validationLine.count >= 2 {
      svg.element(
        "path",
        [
          "d": SVGDocument.pathData(validationLine), "fill": "none",
          "stroke": validationColor.hex, "stroke-width": "2", "stroke-dasharray": "6 4",
          "stroke-linejoin": "round",
        ])
    }
    let trainingLine = thinned(report.costCurve)
    if trainingLine.count >= 2 {
      svg.element(
        "path",
        [
          "d": SVGDocument.pathData(trainingLine), "fill": "none",
          "stroke": trainingColor.hex, "stroke-width": "2", "stroke-linejoin": "round",
          "stroke-linecap": "round",
        ])
    }

    // Drawn under the final-cost label; the key keeps clear of them.
    var markerLines: [[PlotPoint]] = []
    var markerBoxes: [PlotRect] = []
    if let best {
      let x = axes.x.position(of: Double(best.epoch))
      let y = best.cost.map { axes.y.position(of: $0) }
      svg.element(
        "path",
        [
          "d": "M\(n(x)) \(n(y ?? area.y))V\(n(area.maxY))", "stroke": validationColor.hex,
          "stroke-width": "1", "stroke-dasharray": "2 3",
        ])
      markerLines.append([PlotPoint(x, y ?? area.y), PlotPoint(x, area.maxY)])
      if let y {
        svg.element(
          "circle",
          [
            "cx": n(x), "cy": n(y), "r": "4.5", "fill": PlotColor.white.hex,
            "stroke": validationColor.hex, "stroke-width": "2",
          ])
        markerBoxes.append(PlotRect(x: x - 6, y: y - 6, width: 12, height: 12))
      }
    }

    let end = axes.pixel(PlotPoint(Double(report.epochs), report.finalCost))
    svg.element(
      "circle",
      [
        "cx": n(end.x), "cy": n(end.y), "r": "4", "fill": trainingColor.hex,
        "stroke": PlotColor.white.hex, "stroke-width": "1.5",
      ])
    let label = "final cost \(PlotNumber.significant(report.finalCost, digits: 3))"
    // Left of the point (right of it if there is no room), and on the side
    // of the point away from the curves just before it: below a falling
    // curve, above a rising one, so the text never sits on a line.
    let width = Double(label.count) * 6.6
    let fitsLeft = end.x - 8 - width >= area.x
    let labelX = fitsLeft ? (end.x - 8 - width)...(end.x - 8) : (end.x + 8)...(end.x + 8 + width)
    let labelY = labelBaseline(
      point: end,
      curves: [
        span(of: trainingLine + [end], over: labelX) ?? (end.y...end.y),
        span(of: validationLine, over: labelX),
      ].compactMap { $0 }, area: area)
    svg.element(
      "text",
      [
        "x": n(fitsLeft ? end.x - 8 : end.x + 8), "y": n(labelY),
        "text-anchor": fitsLeft ? "end" : "start", "fill": PlotColor.ink.hex,
        "stroke": PlotColor.white.hex, "stroke-width": "3", "paint-order": "stroke",
        "stroke-linejoin": "round",
      ], text: label)

    var keyRows: [KeyRow] = [.training]
    if !validation.isEmpty { keyRows.append(.validation) }
    if let best { keyRows.append(.best(epoch: best.epoch)) }
    if keyRows.count > 1 {
      let labelBox = PlotRect(x: labelX.lowerBound, y: labelY - 11, width: width, height: 14)
      drawKey(
        into: &svg, rows: keyRows, area: area,
        avoiding: [trainingLine + [end], validationLine] + markerLines,
        boxes: [labelBox] + markerBoxes)
    }
    axes.drawFrame(into: &svg, xTicks: xTicks, yTicks: yTicks)
    svg.end()
  }

  /// The training curve's colour, and the validation curve's (dashed as
  /// well, so that the two differ in grey too).
  static let trainingColor = PlotColor.classColor(0)
  static let validationColor = PlotColor.classColor(1)

  /// Where the validation cost is lowest: `best_epoch`, with
  /// `best_validation_cost` or else the validation curve's cost at that
  /// epoch (nil when neither says); nil without `best_epoch`.
  static func bestPoint(_ report: TrainingReport) -> (epoch: Int, cost: Double?)? {
    guard let epoch = report.bestEpoch else { return nil }
    let cost =
      report.bestValidationCost
      ?? report.validationCurve?.first { $0.epoch == epoch }?.cost
    return (epoch, cost)
  }

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

  /// ` (a, b)`, or nothing when there is nothing to say.
  static func parenthesized(_ parts: [String]) -> String {
    parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
  }

  /// Where the final-cost label's baseline goes: the first of just below
  /// the point, just above it, and above and below each curve in turn,
  /// where the text (11 pixels tall) stays inside the plot and off every
  /// curve; `curves` are their pixel heights under the label.
  static func labelBaseline(point: PlotPoint, curves: [ClosedRange<Double>], area: PlotRect)
    -> Double
  {
    let candidates =
      [point.y + 20, point.y - 10] + curves.flatMap { [$0.lowerBound - 7, $0.upperBound + 16] }
    return candidates.first { baseline in
      let (top, bottom) = (baseline - 11, baseline + 3)
      return top >= area.y && bottom <= area.maxY
        && curves.allSatisfy { bottom < $0.lowerBound - 2 || top > $0.upperBound + 2 }
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

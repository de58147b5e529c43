import SIMDNet

/// The decision panel of a two-input network: the input plane shaded by
/// the network's output, the boundary where its decision changes, and the
/// data drawn on top, coloured by class — the lecture's picture of the OR
/// neuron's line through the four points.
///
/// One output: shaded by `ŷ` (class 0's colour below 0.5, class 1's above,
/// white at 0.5) with the `ŷ = 0.5` contour, where the tool's accuracy
/// switches class. Several outputs: each point coloured by the output that
/// wins (argmax), paler where the winner is less sure, with the borders
/// between regions.
enum DecisionPanel {
  /// Margins around the square plot area inside the panel's frame; the
  /// right one holds the legend.
  static let margins = (left: 66.0, right: 128.0, top: 30.0, bottom: 46.0)

  /// Pixels per side of the heat-map raster. The renderer smooths it over
  /// the plot area, and the boundary itself is drawn as a vector from the
  /// finer contour grid, so a coarse raster loses nothing visible and keeps
  /// the file small (64² RGB pixels are 16 KB of base64).
  static let rasterSize = 64

  /// How far the plane extends beyond the data on each side, as a fraction
  /// of the data's range: room for the markers and for the boundary to
  /// leave the data's box.
  static let dataMargin = 0.15

  /// The plane shown without data: the unit square of the logic gates with
  /// a quarter of margin on each side.
  static let defaultDomain = (x: -0.25...1.25, y: -0.25...1.25)

  /// The input plane to draw: the examples' bounding box widened by
  /// `dataMargin` of its range on each side (by half a unit, or a tenth of
  /// the value if that is more, on an axis where every example has the same
  /// value), or `defaultDomain` without examples.
  ///
  /// - Throws: naming the examples' file, when an input's range is too
  ///   wide for a double (beyond ±10³⁰⁷ or so) or its values too large to
  ///   widen.
  static func domain(for data: PlotExamples?) throws(PlotError) -> (
    x: ClosedRange<Double>, y: ClosedRange<Double>
  ) {
    guard let data, !data.points.isEmpty else { return defaultDomain }
    func widened(_ input: Int) throws(PlotError) -> ClosedRange<Double> {
      let values = data.points.map { input == 0 ? $0.x : $0.y }
      let (low, high) = (values.min()!, values.max()!)
      let pad = high > low ? (high - low) * dataMargin : max(0.5, low.magnitude / 10)
      let (start, end) = (low - pad, high + pad)
      guard start.isFinite, end.isFinite, start < end, (end - start).isFinite else {
        throw PlotError(
          "input \(input + 1) ranges from \(low) to \(high), too wide a range to plot",
          file: data.file)
      }
      return start...end
    }
    return (try widened(0), try widened(1))
  }

  /// The width of the plot area's square in a frame of this size.
  static func side(in frame: PlotRect) -> Double {
    min(
      frame.width - margins.left - margins.right, frame.height - margins.top - margins.bottom)
  }

  /// The frame width that makes the plot area a square as tall as `height`
  /// allows: what the layout gives this panel when the figure is wide
  /// enough.
  static func preferredWidth(height: Double) -> Double {
    margins.left + margins.right + (height - margins.top - margins.bottom)
  }

  /// Draws the panel of a two-input `network` inside `frame`, with
  /// `data` on the plane. `gridSize` is the number of contour grid points
  /// per axis.
  static func draw(
    into svg: inout SVGDocument, frame: PlotRect, network: some Network, data: PlotExamples?,
    gridSize: Int
  ) throws(PlotError) {
    let n = SVGDocument.number
    let outputCount = network.outputWidth
    let side = side(in: frame)
    let available = frame.height - margins.top - margins.bottom
    let area = PlotRect(
      x: frame.x + margins.left, y: frame.y + margins.top + (available - side) / 2, width: side,
      height: side)
    let domain = try domain(for: data)
    let names = data?.inputNames
    let axes = PlotAxes(
      area: area,
      x: PlotScale(.linear, domain: domain.x, pixels: area.x, area.maxX),
      y: PlotScale(.linear, domain: domain.y, pixels: area.maxY, area.y),
      xTitle: names?.first ?? "x₁", yTitle: names?.dropFirst().first ?? "x₂")
    let xTicks = axes.x.ticks(targetCount: PlotAxes.tickCount(along: area.width))
    let yTicks = axes.y.ticks(targetCount: PlotAxes.tickCount(along: area.height))

    svg.begin("g", ["class": "decision-boundary"])
    svg.element(
      "text",
      [
        "x": n(area.midX), "y": n(frame.y + 18), "text-anchor": "middle", "font-size": "13",
        "font-weight": "bold", "fill": PlotColor.ink.hex,
      ],
      text: outputCount == 1
        ? "Decision boundary ŷ = 0.5" : "Decision regions (argmax of \(outputCount) outputs)")

    // The heat map: one colour per raster pixel, sampled at pixel centres,
    // rows from the top (highest x₂) down as PNG stores them.
    let raster = try network.outputGrids(
      xs: PlotGrid.cellCentres(domain.x, count: rasterSize),
      ys: Array(PlotGrid.cellCentres(domain.y, count: rasterSize).reversed()))
    var rgb: [UInt8] = []
    rgb.reserveCapacity(rasterSize * rasterSize * 3)
    for point in 0..<(rasterSize * rasterSize) {
      let color = color(raster.map { $0.values[point] })
      rgb += [color.red, color.green, color.blue]
    }
    let png = PNGEncoder.encode(width: rasterSize, height: rasterSize, rgb: rgb)
    svg.element(
      "image",
      [
        "x": n(area.x), "y": n(area.y), "width": n(area.width), "height": n(area.height),
        "preserveAspectRatio": "none",
        "xlink:href": "data:image/png;base64," + PNGEncoder.base64(png),
      ])
    axes.drawGrid(into: &svg, xTicks: xTicks, yTicks: yTicks)

    // The boundary, traced on the finer grid.
    let grids = try network.outputGrids(
      xs: PlotGrid.positions(domain.x, count: gridSize),
      ys: PlotGrid.positions(domain.y, count: gridSize))
    var boundary: [ContourLine] = []
    if outputCount == 1 {
      boundary = PlotContour.lines(of: grids[0], at: 0.5)
    } else {
      for margin in winningMargins(grids) { boundary += PlotContour.lines(of: margin, at: 0) }
    }
    var pathData = ""
    for line in boundary {
      let pixels = PlotPolyline.simplified(
        line.points.map(axes.pixel) + (line.isClosed ? [axes.pixel(line.points[0])] : []),
        tolerance: 0.25)
      pathData += SVGDocument.pathData(pixels)
    }
    if !pathData.isEmpty {
      svg.element(
        "path",
        [
          "d": pathData, "fill": "none", "stroke": PlotColor.ink.hex,
          "stroke-width": outputCount == 1 ? "2" : "1.5", "stroke-linejoin": "round",
        ])
    }

    if let data { drawMarkers(into: &svg, data: data, axes: axes) }
    axes.drawFrame(into: &svg, xTicks: xTicks, yTicks: yTicks)
    drawLegend(
      into: &svg, x: area.maxX + 18, y: area.y, height: area.height, outputCount: outputCount,
      hasData: data != nil, targetNames: targetNames(data, outputCount: outputCount))
    svg.end()
  }

  /// The heat map's colour for one point's outputs.
  static func color(_ outputs: [Double]) -> PlotColor {
    if outputs.count == 1 { return PlotColor.heat(outputs[0]) }
    let k = argmax(outputs)
    return PlotColor.region(k, confidence: outputs[k])
  }

  /// The first index of the largest value (NaN never wins).
  static func argmax(_ values: [Double]) -> Int {
    var best = 0
    for k in values.indices where values[k] > values[best] || values[best].isNaN { best = k }
    return best
  }

  /// For each output `k`, `ŷₖ − max over j ≠ k of ŷⱼ` at every grid point:
  /// positive exactly where `k` wins, so its zero contour is the border of
  /// `k`'s region.
  static func winningMargins(_ grids: [PlotGrid]) -> [PlotGrid] {
    grids.indices.map { k in
      var values = grids[k].values
      for point in values.indices {
        var rival = -Double.infinity
        for j in grids.indices where j != k { rival = max(rival, grids[j].values[point]) }
        values[point] -= rival
      }
      return PlotGrid(xs: grids[k].xs, ys: grids[k].ys, values: values)
    }
  }

  /// One circle per example, in its class's colour. Examples that land on
  /// the same hundredth of a pixel with the same class are drawn once, so
  /// a large dataset with repeated points does not bloat the file.
  static func drawMarkers(into svg: inout SVGDocument, data: PlotExamples, axes: PlotAxes) {
    let n = SVGDocument.number
    let count = data.points.count
    let radius = count <= 50 ? "6" : count <= 500 ? "4" : "2.5"
    svg.begin("g", ["stroke": PlotColor.ink.hex, "stroke-width": "1"])
    var drawn: Set<String> = []
    for (point, exampleClass) in zip(data.points, data.classes) {
      let pixel = axes.pixel(point)
      let fill = PlotColor.classColor(exampleClass).hex
      let (cx, cy) = (n(pixel.x), n(pixel.y))
      guard drawn.insert("\(cx) \(cy) \(fill)").inserted else { continue }
      svg.element("circle", ["cx": cx, "cy": cy, "r": radius, "fill": fill])
    }
    svg.end()
  }

  /// The targets' names, shortened to fit the legend; nil when the data
  /// does not name one per output.
  static func targetNames(_ data: PlotExamples?, outputCount: Int) -> [String]? {
    guard let names = data?.targetNames, names.count == outputCount else { return nil }
    return names.map { $0.count > 16 ? $0.prefix(15) + "…" : $0 }
  }
}

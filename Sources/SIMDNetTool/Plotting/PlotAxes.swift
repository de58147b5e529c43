/// A rectangle in pixels, y growing downwards as in SVG.
public struct PlotRect: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var maxX: Double { x + width }
  public var maxY: Double { y + height }
  public var midX: Double { x + width / 2 }
  public var midY: Double { y + height / 2 }
}

/// The frame every panel shares: light grid lines at the major ticks, a
/// border, tick marks and labels outside it, and the axis titles — drawn
/// the same way for the cost curve and the input plane so the two panels
/// read as one figure.
public struct PlotAxes {
  public var area: PlotRect
  public var x: PlotScale
  public var y: PlotScale
  public var xTitle: String
  public var yTitle: String

  public init(area: PlotRect, x: PlotScale, y: PlotScale, xTitle: String, yTitle: String) {
    self.area = area
    self.x = x
    self.y = y
    self.xTitle = xTitle
    self.yTitle = yTitle
  }

  /// About one labelled tick per 60 pixels of axis (at least two), so that
  /// labels such as `0.0005` never run into each other on a small figure
  /// and a large one is not left with five lonely ticks.
  public static func tickCount(along length: Double) -> Int {
    max(2, Int(length / 60))
  }

  /// The pixel position of a data point.
  public func pixel(_ point: PlotPoint) -> PlotPoint {
    PlotPoint(x.position(of: point.x), y.position(of: point.y))
  }

  /// Grid lines, drawn first so that everything else lies on top.
  public func drawGrid(into svg: inout SVGDocument, xTicks: [PlotTick], yTicks: [PlotTick]) {
    var data = ""
    for tick in xTicks where tick.isMajor {
      let px = SVGDocument.number(x.position(of: tick.value))
      data += "M\(px) \(SVGDocument.number(area.y))V\(SVGDocument.number(area.maxY))"
    }
    for tick in yTicks where tick.isMajor {
      let py = SVGDocument.number(y.position(of: tick.value))
      data += "M\(SVGDocument.number(area.x)) \(py)H\(SVGDocument.number(area.maxX))"
    }
    guard !data.isEmpty else { return }
    svg.element(
      "path", ["d": data, "stroke": PlotColor.grid.hex, "stroke-width": "1", "fill": "none"])
  }

  /// The border, ticks, tick labels and axis titles, drawn last so that
  /// they sit on top of the data.
  public func drawFrame(into svg: inout SVGDocument, xTicks: [PlotTick], yTicks: [PlotTick]) {
    let n = SVGDocument.number
    svg.element(
      "rect",
      [
        "x": n(area.x), "y": n(area.y), "width": n(area.width), "height": n(area.height),
        "fill": "none", "stroke": PlotColor.axis.hex, "stroke-width": "1",
      ])
    var marks = ""
    for tick in xTicks {
      let length = tick.isMajor ? 5.0 : 3.0
      marks += "M\(n(x.position(of: tick.value))) \(n(area.maxY))v\(n(length))"
    }
    for tick in yTicks {
      let length = tick.isMajor ? 5.0 : 3.0
      marks += "M\(n(area.x)) \(n(y.position(of: tick.value)))h\(n(-length))"
    }
    if !marks.isEmpty {
      svg.element("path", ["d": marks, "stroke": PlotColor.axis.hex, "stroke-width": "1"])
    }

    svg.begin("g", ["fill": PlotColor.ink.hex, "font-size": "11"])
    svg.begin("g", ["text-anchor": "middle"])
    for tick in xTicks where tick.isMajor {
      svg.element(
        "text", ["x": n(x.position(of: tick.value)), "y": n(area.maxY + 18)], text: tick.label)
    }
    svg.end()
    svg.begin("g", ["text-anchor": "end"])
    for tick in yTicks where tick.isMajor {
      // +4 centres 11-pixel digits on the tick without `dominant-baseline`,
      // which some renderers ignore.
      svg.element(
        "text", ["x": n(area.x - 8), "y": n(y.position(of: tick.value) + 4)], text: tick.label)
    }
    svg.end()
    svg.end()

    svg.element(
      "text",
      [
        "x": n(area.midX), "y": n(area.maxY + 36), "text-anchor": "middle",
        "fill": PlotColor.ink.hex,
      ],
      text: xTitle)
    let labelX = n(area.x - 50)
    svg.element(
      "text",
      [
        "x": labelX, "y": n(area.midY), "text-anchor": "middle", "fill": PlotColor.ink.hex,
        "transform": "rotate(-90 \(labelX) \(n(area.midY)))",
      ], text: yTitle)
  }
}

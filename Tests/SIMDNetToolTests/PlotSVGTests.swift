import Foundation
import SIMDNet
import SIMDNetPlot
import SIMDNetTestSupport
import SIMDNetTool
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What an XML parser saw of a document: whether it is well-formed, and
/// every element with its attributes and text.
final class ParsedSVG: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
    var text = ""
  }

  var elements: [Element] = []
  var open: [Int] = []
  var error: Error?

  static func parse(_ text: String) -> ParsedSVG {
    let result = ParsedSVG()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = result
    if !parser.parse() { result.error = parser.parserError ?? CocoaError(.coderReadCorrupt) }
    return result
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String]
  ) {
    open.append(elements.count)
    elements.append(Element(name: elementName, attributes: attributes))
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    open.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let index = open.last { elements[index].text += string }
  }

  func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }
}

@Suite("Plot: SVG figures")
struct PlotSVGTests {
  /// A report of `layers` with random weights; `costs` and `validation`
  /// are at epochs 0, 25, 50, …, and `bestIndex` picks the validation
  /// point reported as the best.
  static func report(
    layers: [Int] = [2, 1], activations: [Activation]? = nil, costs: [Double]? = nil,
    validation: [Double]? = nil, bestIndex: Int? = nil
  ) throws -> TrainingReport {
    var generator = SplitMix64(state: 11)
    let weights = try WeightsFile(
      layers: layers, activations: activations ?? layers.dropFirst().map { _ in .sigmoid },
      weights: (1..<layers.count).map { l in
        (0..<layers[l]).map { _ in
          (0..<layers[l - 1]).map { _ in Double.random(in: -4...4, using: &generator) }
        }
      },
      biases: (1..<layers.count).map { l in
        (0..<layers[l]).map { _ in Double.random(in: -1...1, using: &generator) }
      })
    let costs = costs ?? (0...200).map { 0.09 / (1 + Double($0)) }
    let history = CostHistory(
      epochs: (costs.count - 1) * 25, finalCost: costs.last!,
      costCurve: costs.enumerated().map { .init(epoch: $0.offset * 25, cost: $0.element) },
      validationCurve: validation?.enumerated().map {
        .init(epoch: $0.offset * 25, cost: $0.element)
      },
      bestEpoch: bestIndex.map { $0 * 25 }, bestValidationCost: bestIndex.map { validation![$0] },
      loss: "half-squared")
    return TrainingReport(costs: history, trainAccuracy: 1, weights: weights)
  }

  /// The numbers of path data `M x y L x y x y …`, as points.
  static func points(ofPath data: String) -> [PlotPoint] {
    let numbers = data.split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map {
      PlotPoint(numbers[$0], numbers[$0 + 1])
    }
  }

  /// The cost panel's validation polyline: its dashed path with more than
  /// one segment (the key's swatch has one).
  static func validationPaths(_ xml: ParsedSVG) -> [ParsedSVG.Element] {
    xml.named("path").filter {
      $0.attributes["stroke"] == PlotColor.classColor(1).hex
        && $0.attributes["stroke-dasharray"] == "6 4" && ($0.attributes["d"] ?? "").contains("L")
    }
  }

  static let orData = try! DatasetFile.parse(
    Array("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n".utf8), path: "or.csv", format: .csv)

  @Test("a two-input figure is well-formed XML with both panels, the heat map and the boundary")
  func wellFormed() throws {
    let figure = try TrainingFigure.render(report: Self.report(), data: Self.orData)
    #expect(figure.notes.isEmpty)
    let xml = ParsedSVG.parse(figure.svg)
    #expect(xml.error == nil, "\(String(describing: xml.error))")
    #expect(xml.elements.first?.name == "svg")
    #expect(xml.elements.first?.attributes["width"] == "960")
    let groups = xml.named("g").compactMap { $0.attributes["class"] }
    #expect(groups == ["cost-curve", "decision-boundary"])
    let image = try #require(xml.named("image").first)
    let href = try #require(image.attributes["xlink:href"])
    #expect(href.hasPrefix("data:image/png;base64,"))
    let png = try #require(Data(base64Encoded: String(href.dropFirst(22))))
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    #expect(xml.named("circle").count == 1 + 4 + 2)  // final cost, four examples, legend
    let texts = xml.named("text").map(\.text)
    #expect(texts.contains("Decision boundary ŷ = 0.5"))
    #expect(texts.contains { $0.hasPrefix("final cost 0.0") })
    #expect(texts.contains("cost (half-squared, log scale)"))
    #expect(texts.contains("x1") && texts.contains("x2") && texts.contains("y = 1"))
  }

  @Test("every coordinate is written with at most two decimals")
  func smallNumbers() throws {
    let figure = try TrainingFigure.render(report: Self.report(), data: Self.orData)
    let xml = ParsedSVG.parse(figure.svg)
    let longNumber = try Regex(#"\d\.\d{3}"#)
    for element in xml.elements {
      for (name, value) in element.attributes where name != "xlink:href" {
        #expect(value.firstMatch(of: longNumber) == nil, "<\(element.name) \(name)=\(value)>")
      }
    }
    #expect(figure.svg.utf8.count < 40_000)
  }

  @Test("the same report gives the same bytes")
  func deterministic() throws {
    let report = try Self.report(layers: [2, 3, 1])
    let first = try TrainingFigure.render(report: report, data: Self.orData).svg
    let second = try TrainingFigure.render(report: report, data: Self.orData).svg
    #expect(first == second)
    let another = try TrainingFigure.render(report: Self.report(layers: [2, 3, 1])).svg
    #expect(another != first)
  }

  @Test("titles are escaped: markup in a title stays text")
  func escaping() throws {
    let title = "A <b>bold</b> & \"quoted\" 'title'\u{1}\nend"
    let figure = try TrainingFigure.render(
      report: Self.report(), options: PlotOptions(title: title))
    let xml = ParsedSVG.parse(figure.svg)
    #expect(xml.error == nil)
    #expect(xml.named("title").first?.text == "A <b>bold</b> & \"quoted\" 'title' end")
    #expect(xml.named("b").isEmpty)
    #expect(SVGDocument.escaped("<&>\"'") == "&lt;&amp;&gt;&quot;&apos;")
  }

  @Test("several outputs: argmax regions, one legend entry per class")
  func severalOutputs() throws {
    let data = try DatasetFile.parse(
      Array("a,b,red,green,blue\n0,0,1,0,0\n1,0,0,1,0\n0,1,0,0,1\n".utf8), path: "c.csv",
      format: .csv, outputs: 3)
    let figure = try TrainingFigure.render(
      report: Self.report(layers: [2, 4, 3]), data: data)
    let xml = ParsedSVG.parse(figure.svg)
    #expect(xml.error == nil)
    let texts = xml.named("text").map(\.text)
    #expect(texts.contains("Decision regions (argmax of 3 outputs)"))
    #expect(texts.contains("red") && texts.contains("green") && texts.contains("blue"))
    let fills = xml.named("circle").compactMap { $0.attributes["fill"] }
    for k in 0..<3 { #expect(fills.contains(PlotColor.classColor(k).hex)) }
  }

  @Test("other input counts: the cost curve alone, and a note saying so")
  func costCurveOnly() throws {
    let figure = try TrainingFigure.render(report: Self.report(layers: [3, 2, 1]))
    #expect(figure.notes.count == 1)
    #expect(figure.notes.first?.contains("3 inputs") == true)
    let xml = ParsedSVG.parse(figure.svg)
    #expect(xml.error == nil)
    #expect(xml.named("g").compactMap { $0.attributes["class"] } == ["cost-curve"])
    #expect(xml.named("image").isEmpty)
    #expect(xml.elements.first?.attributes["width"] == "600")
  }

  @Test(
    "a curve spanning under two decades is drawn on a linear axis; a forced log axis is honoured")
  func costAxisChoice() throws {
    let gentle = try Self.report(costs: [0.2, 0.1, 0.05, 0.01])
    let texts = ParsedSVG.parse(try TrainingFigure.render(report: gentle).svg).named("text")
      .map(\.text)
    #expect(texts.contains("cost (half-squared)"))
    #expect(texts.contains("0.20"))
    let forced = try TrainingFigure.render(
      report: gentle, options: PlotOptions(costScale: .logarithmic))
    #expect(ParsedSVG.parse(forced.svg).named("text").map(\.text).contains("10⁻¹"))
    // A zero cost cannot go on a log axis: the figure falls back to linear.
    let zero = try Self.report(costs: [0.2, 0])
    let fallback = try TrainingFigure.render(
      report: zero, options: PlotOptions(costScale: .logarithmic))
    #expect(ParsedSVG.parse(fallback.svg).named("text").map(\.text).contains("cost (half-squared)"))
    // One point is still a figure.
    let single = try Self.report(costs: [0.3])
    #expect(ParsedSVG.parse(try TrainingFigure.render(report: single).svg).error == nil)
  }

  @Test("a validation curve is dashed on the cost panel, with a key and its best epoch ringed")
  func validationCurve() throws {
    // Falls, then rises again from index 70 (epoch 1750) as it overfits.
    let validation = (0...200).map { 0.1 / (1 + Double($0)) + 0.00002 * Double($0) }
    let best = validation.indices.min { validation[$0] < validation[$1] }!
    #expect(best == 70)
    let report = try Self.report(validation: validation, bestIndex: best)
    let figure = try TrainingFigure.render(report: report, data: Self.orData)
    #expect(try TrainingFigure.render(report: report, data: Self.orData).svg == figure.svg)
    let xml = ParsedSVG.parse(figure.svg)
    #expect(xml.error == nil, "\(String(describing: xml.error))")
    #expect(
      xml.named("g").compactMap { $0.attributes["class"] }
        == ["cost-curve", "cost-key", "decision-boundary"])
    #expect(Self.validationPaths(xml).count == 1)
    let texts = xml.named("text").map(\.text)
    #expect(texts.contains("training") && texts.contains("validation"))
    #expect(texts.contains("best epoch 1750"))
    // Final cost, best epoch, the key's best-epoch swatch; four examples
    // and the decision legend's two.
    #expect(xml.named("circle").count == 3 + 4 + 2)
    let ring = try #require(
      xml.named("circle").first { $0.attributes["fill"] == PlotColor.white.hex })
    #expect(ring.attributes["stroke"] == PlotColor.classColor(1).hex)

    let plain = try Self.report()
    let plainFigure = try TrainingFigure.render(report: plain, data: Self.orData)
    let plainXML = ParsedSVG.parse(plainFigure.svg)
    #expect(
      plainXML.named("g").compactMap { $0.attributes["class"] }
        == ["cost-curve", "decision-boundary"])
    #expect(Self.validationPaths(plainXML).isEmpty)
    #expect(!plainFigure.svg.contains("stroke-dasharray"))
    let plainTexts = plainXML.named("text").map(\.text)
    #expect(!plainTexts.contains("validation") && !plainTexts.contains("training"))
    #expect(plainXML.named("circle").count == 1 + 4 + 2)
  }

  @Test("the cost axis covers validation costs above the training costs, and they count for log")
  func validationRange() throws {
    let costs = [0.05, 0.04, 0.03, 0.02]
    let higher = [0.05, 0.12, 0.3, 0.2]
    let xml = ParsedSVG.parse(
      try TrainingFigure.render(report: Self.report(costs: costs, validation: higher)).svg)
    let texts = xml.named("text").map(\.text)
    #expect(texts.contains("cost (half-squared)"))
    #expect(texts.contains("0.30"))
    // The plot area is the cost panel's frame: the unfilled rectangle.
    let frame = try #require(xml.named("rect").first { $0.attributes["fill"] == "none" })
    let top = try #require(Double(frame.attributes["y"] ?? ""))
    let bottom = try top + #require(Double(frame.attributes["height"] ?? ""))
    let line = Self.points(
      ofPath: try #require(Self.validationPaths(xml).first?.attributes["d"]))
    #expect(line.count == 4)
    #expect(line.allSatisfy { (top...bottom).contains($0.y) }, "\(line) outside \(top)...\(bottom)")
    // The highest validation cost reaches into the top tenth of the plot.
    #expect(line.map(\.y).min()! < top + (bottom - top) / 10)

    // Training costs alone span under two decades; with the validation
    // costs they span more, and the axis turns logarithmic.
    let wide = try TrainingFigure.render(
      report: Self.report(costs: costs, validation: [0.05, 0.5, 3, 5])
    ).svg
    #expect(
      ParsedSVG.parse(wide).named("text").map(\.text).contains("cost (half-squared, log scale)"))
    // A zero validation cost rules a log axis out, as a zero training cost does.
    let zero = try TrainingFigure.render(
      report: Self.report(costs: costs, validation: [0.05, 0]),
      options: PlotOptions(costScale: .logarithmic)
    ).svg
    #expect(ParsedSVG.parse(zero).named("text").map(\.text).contains("cost (half-squared)"))
  }

  @Test("a long noisy curve is thinned to a few points per pixel")
  func thinning() throws {
    var generator = SplitMix64(state: 3)
    let costs = (0..<100_000).map {
      0.1 / (1 + Double($0) / 100) * Double.random(in: 0.8...1.2, using: &generator)
    }
    let figure = try TrainingFigure.render(report: Self.report(layers: [3, 1], costs: costs))
    #expect(figure.svg.utf8.count < 60_000)
  }

  @Test("data on a single value or a tiny range still gives a figure")
  func degenerateData() throws {
    for text in ["5,5,1\n5,5,0\n", "1,0,1\n1.000000000000001,1e-300,0\n", "1e300,0,1\n"] {
      let data = try DatasetFile.parse(Array(text.utf8), path: "d.csv", format: .csv)
      let figure = try TrainingFigure.render(report: Self.report(), data: data)
      let xml = ParsedSVG.parse(figure.svg)
      #expect(xml.error == nil)
      #expect(!figure.svg.contains("NaN") && !figure.svg.contains("inf"), "\(text)")
    }
  }

  @Test("sizes and grids out of range are refused")
  func options() throws {
    let report = try Self.report()
    for options in [
      PlotOptions(width: 100), PlotOptions(height: 100_000), PlotOptions(gridSize: 1),
    ] {
      let message = toolErrorMessage { () throws(ToolError) in
        _ = try TrainingFigure.render(report: report, options: options)
      }
      #expect(message != nil)
    }
    let small = try TrainingFigure.render(
      report: report, options: PlotOptions(width: 320, height: 240))
    #expect(ParsedSVG.parse(small.svg).error == nil)
  }

  @Test("PNG checksums match their specifications' known values")
  func checksums() {
    #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
  }

  @Test("a PNG holds the pixels, row by row, in stored deflate blocks")
  func png() throws {
    let rgb: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
    let png = PNGEncoder.encode(width: 2, height: 2, rgb: rgb)
    #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 73, 69, 78, 68, 0xAE, 0x42, 0x60, 0x82])
    // IHDR: 2 × 2, 8-bit RGB.
    #expect(Array(png[8..<33].dropFirst(8).prefix(13)) == [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0])
    // IDAT: zlib header, one final stored block of 14 bytes (two rows of
    // a filter byte and six samples), then the Adler-32.
    let idat = Array(png[33...])
    #expect(Array(idat[4..<8]) == Array("IDAT".utf8))
    let zlib = Array(idat[8...])
    #expect(Array(zlib.prefix(7)) == [0x78, 0x01, 1, 14, 0, 0xF1, 0xFF])
    let rows: [UInt8] = [0] + Array(rgb[0..<6]) + [0] + Array(rgb[6..<12])
    #expect(Array(zlib[7..<21]) == rows)
    // A large image spreads over several stored blocks.
    let big = PNGEncoder.encode(width: 200, height: 200, rgb: [UInt8](repeating: 7, count: 120_000))
    #expect(big.count > 120_000 && big.count < 121_000)
  }
}

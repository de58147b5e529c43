/// A standalone SVG document, written as text one element per line.
///
/// Why by hand rather than through an XML library: Foundation's
/// `XMLDocument` is missing on some platforms and writes attributes in an
/// order it chooses; here attributes come out in the order given and
/// numbers as `PlotNumber` writes them, so the same plot is the same bytes.
/// Every piece of text from outside (titles, column names) goes through
/// `escaped`, so a `<` or `&` in a title cannot break the document.
public struct SVGDocument: Sendable {
  public let width: Int
  public let height: Int
  private var lines: [String] = []
  private var openElements: [String] = []

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// An element with no children: `<name a="v" …/>`, or with `text` as its
  /// content.
  public mutating func element(
    _ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String? = nil
  ) {
    var line = "<" + name + Self.attributeText(attributes)
    if let text {
      line += ">" + Self.escaped(text) + "</" + name + ">"
    } else {
      line += "/>"
    }
    lines.append(line)
  }

  /// Opens an element whose children follow, up to the matching `end()`.
  public mutating func begin(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
    lines.append("<" + name + Self.attributeText(attributes) + ">")
    openElements.append(name)
  }

  /// Closes the element the last unmatched `begin` opened.
  public mutating func end() {
    lines.append("</" + openElements.removeLast() + ">")
  }

  /// The whole document, ending in a newline.
  public var text: String {
    precondition(openElements.isEmpty, "unclosed <\(openElements.last ?? "")>")
    let header = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        + "width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">",
    ]
    return (header + lines + ["</svg>"]).joined(separator: "\n") + "\n"
  }

  /// `text` made safe as XML character data or an attribute value: the
  /// five special characters escaped, and the control characters that XML
  /// 1.0 forbids even as references dropped (tabs and newlines become
  /// spaces, since every label is one line).
  public static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result += " "
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  private static func attributeText(_ attributes: KeyValuePairs<String, String>) -> String {
    attributes.map { " \($0.key)=\"\(escaped($0.value))\"" }.joined()
  }
}

extension SVGDocument {
  /// A pixel coordinate or length as the document writes it.
  public static func number(_ value: Double) -> String { PlotNumber.coordinate(value) }

  /// Path data for a polyline through `points` (`M x y L x y x y …`),
  /// closed with `Z` when `closed`.
  public static func pathData(_ points: [PlotPoint], closed: Bool = false) -> String {
    guard let first = points.first else { return "" }
    var data = "M" + number(first.x) + " " + number(first.y)
    for (index, point) in points.dropFirst().enumerated() {
      data += (index == 0 ? "L" : " ") + number(point.x) + " " + number(point.y)
    }
    return closed ? data + "Z" : data
  }
}

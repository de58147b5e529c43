/// An sRGB colour, and the plot's palette.
///
/// The class colours are Tableau 10, chosen because its first two — blue
/// and orange — stay distinct for the common forms of colour blindness,
/// which matters most for the two-class plots this tool draws most.
public struct PlotColor: Sendable, Equatable {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// `#rrggbb`, lowercase.
  public var hex: String {
    "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  /// The colour `fraction` of the way from `self` to `other` (0 is `self`),
  /// each channel rounded to the nearest step.
  public func mixed(with other: PlotColor, _ fraction: Double) -> PlotColor {
    let t = fraction.isNaN ? 0.5 : min(1, max(0, fraction))
    func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
      UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
    }
    return PlotColor(
      channel(red, other.red), channel(green, other.green), channel(blue, other.blue))
  }

  public static let white = PlotColor(255, 255, 255)
  public static let ink = PlotColor(34, 34, 34)
  public static let grid = PlotColor(229, 229, 229)
  public static let axis = PlotColor(102, 102, 102)

  /// Tableau 10, in its order; class `k` gets `classColors[k % 10]`.
  public static let classColors: [PlotColor] = [
    PlotColor(0x4E, 0x79, 0xA7), PlotColor(0xF2, 0x8E, 0x2B), PlotColor(0xE1, 0x57, 0x59),
    PlotColor(0x76, 0xB7, 0xB2), PlotColor(0x59, 0xA1, 0x4F), PlotColor(0xED, 0xC9, 0x48),
    PlotColor(0xB0, 0x7A, 0xA1), PlotColor(0xFF, 0x9D, 0xA7), PlotColor(0x9C, 0x75, 0x5F),
    PlotColor(0xBA, 0xB0, 0xAC),
  ]

  public static func classColor(_ k: Int) -> PlotColor { classColors[k % classColors.count] }

  /// How strongly the heat map tints a region at full confidence: light
  /// enough that the markers and the boundary on top stay readable.
  public static let heatStrength = 0.55

  /// The heat map's colour for a one-output network's `ŷ`: class 0's tint
  /// at 0, white at 0.5 (the boundary), class 1's tint at 1. Values outside
  /// [0, 1] (from a tanh, ReLU or linear output) are clamped.
  public static func heat(_ output: Double) -> PlotColor {
    let y = output.isNaN ? 0.5 : min(1, max(0, output))
    if y < 0.5 {
      return white.mixed(with: classColor(0), heatStrength * (0.5 - y) * 2)
    }
    return white.mixed(with: classColor(1), heatStrength * (y - 0.5) * 2)
  }

  /// The heat map's colour where class `k` wins with output `confidence`:
  /// the class's tint, paler where the output is less sure.
  public static func region(_ k: Int, confidence: Double) -> PlotColor {
    let c = confidence.isNaN ? 0 : min(1, max(0, confidence))
    return white.mixed(with: classColor(k), heatStrength * (0.3 + 0.7 * c))
  }
}

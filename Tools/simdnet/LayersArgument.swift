import Foundation
import SIMDNetTool

/// Reads `--layers 2,4,1`: units per layer, inputs first.
enum LayersArgument {
  /// The widths, or an error that says which entry is wrong. The depth
  /// limit (at most two hidden layers) is the network's, checked where the
  /// network is built.
  static func parse(_ text: String) throws(ToolError) -> [Int] {
    let fields = text.split(separator: ",", omittingEmptySubsequences: false)
    var layers: [Int] = []
    for (position, field) in fields.enumerated() {
      let trimmed = field.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else {
        throw ToolError(
          "--layers \(text): width \(position + 1) is empty; give widths such as 2,4,1")
      }
      guard let width = Int(trimmed) else {
        throw ToolError(
          "--layers \(text): width \(position + 1) (\(trimmed)) is not a whole number")
      }
      guard width >= 1 else {
        throw ToolError(
          "--layers \(text): layer \(position) has \(width) units; every layer needs at least 1")
      }
      layers.append(width)
    }
    guard layers.count >= 2 else {
      throw ToolError(
        "--layers \(text): give at least the inputs and the outputs, e.g. 2,1 or 2,4,1")
    }
    guard layers.count <= 4 else {
      throw ToolError(
        "--layers \(text): \(layers.count - 2) hidden layers; SIMDNet's networks have at most 2")
    }
    return layers
  }
}

import Foundation
import SIMDNet
import SIMDNetTool

/// Reads `--layers 2,4,1`: units per layer, inputs first.
enum LayersArgument {
  /// The widths, or an error that says which entry is wrong or which
  /// limit of `DynamicNetwork.shapeProblem` they break.
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
      layers.append(width)
    }
    if let problem = DynamicNetwork.shapeProblem(layers) {
      throw ToolError("--layers \(text): \(problem)")
    }
    return layers
  }
}

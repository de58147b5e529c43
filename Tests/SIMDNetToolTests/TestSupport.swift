import Foundation
import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// A fresh directory under the system's temporary directory, removed when
/// the test's closure returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("simdnet-tool-tests-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(path)
}

/// Writes `text` to `directory/name` and returns the path.
@discardableResult
func writeFile(_ text: String, named name: String, in directory: String) throws -> String {
  let path = directory + "/" + name
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  return path
}

/// The error `body` throws, as the tool would print it; nil if it does not throw.
func toolErrorMessage(_ body: () throws(ToolError) -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return error.description
  }
}

/// A dataset's rows as arrays, to compare with literals.
func rows(_ rows: ExampleRows) -> [[Double]] { rows.map(Array.init) }

/// Doubles that are hard to write and read back exactly.
let awkwardDoubles: [Double] = [
  0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
  -.greatestFiniteMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
  .leastNormalMagnitude.nextDown, -(.leastNormalMagnitude.nextDown), 1e-300, -1e-300, 1e300,
  0.1, 1.0 / 3, -2.0 / 3, 1, -1, 0.5, 1e-5, 1e16, 1.2345678901234568e+17, 0x1p53 + 2,
  Double(bitPattern: 0x0000_0000_DEAD_BEEF), Double(bitPattern: 0x000F_FFFF_0000_0001),
]

/// A random finite double: half the time any finite bit pattern (so every
/// exponent, subnormals included), otherwise an awkward value or a
/// weight-sized one.
func randomWeight(using generator: inout SplitMix64) -> Double {
  switch generator.next() % 4 {
  case 0, 1:
    while true {
      let value = Double(bitPattern: generator.next())
      if value.isFinite { return value }
    }
  case 2: return awkwardDoubles[Int(generator.next() % UInt64(awkwardDoubles.count))]
  default: return Double.random(in: -4...4, using: &generator)
  }
}

/// A weights file of the given shape with random weights from `randomWeight`.
func randomWeightsFile(
  layers: [Int], activations: [Activation]? = nil, using generator: inout SplitMix64
) throws -> WeightsFile {
  // Softmax only in the output layer, as the kernel requires.
  let all = Activation.allCases
  let hidden = all.filter(\.isElementwise)
  let activations =
    activations
    ?? (1..<layers.count).map { l in
      let choices = l == layers.count - 1 ? all : hidden
      return choices[Int(generator.next() % UInt64(choices.count))]
    }
  return try WeightsFile(
    layers: layers, activations: activations,
    weights: (1..<layers.count).map { l in
      (0..<layers[l]).map { _ in (0..<layers[l - 1]).map { _ in randomWeight(using: &generator) } }
    },
    biases: (1..<layers.count).map { l in
      (0..<layers[l]).map { _ in randomWeight(using: &generator) }
    })
}

extension WeightsFile {
  /// These weights as the compile-time network `N` of the same shape.
  func network<N: FixedShape>(as type: N.Type) throws -> N {
    let network = N(activations: activations, parameters: parameters)
    try #require(network.layerWidths == layers, "weights of another shape")
    return network
  }
}

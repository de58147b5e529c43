// libFuzzer target: the weights file (`WeightsFile*.swift`). See
// Fuzz/README.md.
//
// - A file the reader accepts, written and read again, holds the same
//   shape, activations and bits, and writing that gives the same text; the
//   network the tool builds from it gives the same weights back.
// - The input's bytes as a small network's parameters (any finite bits),
//   written and read back, keep their bits.
// - A refused file gets an error that names it.
import FuzzSupport
import SIMDNet
import SIMDNetTool

let path = "fuzz.json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeights(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  let weights: WeightsFile
  do {
    weights = try WeightsFile(json: JSONValue.parse(bytes, path: path), path: path)
  } catch {
    fuzzCheckLocated(error, in: path)
    checkBits(bytes)
    return 0
  }
  checkRoundTrip(weights)
  if DynamicNetwork.shapeProblem(weights.layers) == nil {
    do {
      let back = try WeightsFile(DynamicNetwork(weights))
      fuzzCheck(back.isBitwiseIdentical(to: weights), "the network changed the weights")
    } catch {
      fuzzFailure("a network of a valid weights file failed: \(error)")
    }
  }
  return 0
}

/// Written and read back: the same bits, and the same text again.
func checkRoundTrip(_ weights: WeightsFile) {
  let text = weights.jsonText
  let again: WeightsFile
  do {
    again = try WeightsFile(json: JSONValue.parse(Array(text.utf8), path: path), path: path)
  } catch {
    fuzzFailure("the written weights file does not read back (\(error)):\n\(text)")
  }
  fuzzCheck(again.isBitwiseIdentical(to: weights), "write → read changed the weights:\n\(text)")
  fuzzCheck(again.jsonText == text, "writing them again gave other text; first:\n\(text)")
}

/// A network of 2 to 4 layers of 1 to 4 units, its shape and activations
/// from the first bytes, its parameters the following bytes' bit patterns
/// (cycled; a non-finite pattern has its top exponent bit flipped).
func checkBits(_ bytes: [UInt8]) {
  guard bytes.count >= 4 else { return }
  let layers = (0..<2 + Int(bytes[0] % 3)).map { 1 + Int(bytes[1 + $0 % 3] % 4) }
  // Softmax only in the output layer: a hidden one is refused, rightly.
  let hidden = Activation.allCases.filter(\.isElementwise)
  let activations = (1..<layers.count).map { l in
    l == layers.count - 1
      ? Activation.allCases[Int(bytes[l]) % Activation.allCases.count]
      : hidden[Int(bytes[l]) % hidden.count]
  }
  var offset = 0
  func next() -> Double {
    var bits: UInt64 = 0
    for _ in 0..<8 {
      bits = bits << 8 | UInt64(bytes[offset % bytes.count])
      offset += 1
    }
    let value = Double(bitPattern: bits)
    return value.isFinite ? value : Double(bitPattern: bits ^ (1 << 62))
  }
  let weights = (1..<layers.count).map { l in
    (0..<layers[l]).map { _ in (0..<layers[l - 1]).map { _ in next() } }
  }
  let biases = (1..<layers.count).map { l in (0..<layers[l]).map { _ in next() } }
  do {
    checkRoundTrip(
      try WeightsFile(layers: layers, activations: activations, weights: weights, biases: biases))
  } catch {
    fuzzFailure("finite weights of a consistent shape were refused: \(error)")
  }
}

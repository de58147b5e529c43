import SIMDNet
import SIMDNetFixtures
import SIMDNetLines
import SIMDNetWeights

/// A network ready to serve, and what the `model` request says about it.
/// Everything a request needs is made here, at load.
public struct ServedModel {
  var live: LiveModel
  /// Units per layer, the inputs first.
  public let layerWidths: [Int]
  /// The SHA-256, in hexadecimal, of the weights file the network was read
  /// from — what `sha256sum` prints for it. A fixture's is that of its
  /// weights as `simdnet` writes them (`WeightsFile.jsonText`).
  public let sha256: String
  /// Where the weights came from: `weights` (the `--weights` file), `state`
  /// (the `--state` file, learned before) or `fixture-NAME` (compiled in).
  public let source: String
  /// The loss `learn` descends.
  public let loss: Loss
  /// `shape 2-2-1 sha256 … source weights loss half-squared`: the `model`
  /// reply before its `learned N`.
  let summary: [UInt8]
  /// The class names a prediction reply starts with, one per output, as
  /// CSV fields (`String.csvField`); nil for a network without classes.
  let classNames: [[UInt8]]?

  init(live: LiveModel, sha256: String, source: String, loss: Loss) {
    self.live = live
    self.sha256 = sha256
    self.source = source
    self.loss = loss
    let weights = live.weightsFile
    layerWidths = weights.layers
    classNames = weights.classes?.map { Array($0.csvField.utf8) }
    summary = Array(
      ("shape " + layerWidths.map(String.init).joined(separator: "-") + " sha256 " + sha256
        + " source " + source + " loss " + loss.name).utf8)
  }

  /// A compiled-in fixture.
  public static func fixture(_ name: ModelName, learningRate: Double) -> ServedModel {
    let live = LiveModel(name, learningRate: learningRate)
    return ServedModel(
      live: live, sha256: SHA256.hexDigest(live.weightsFile.jsonText.utf8),
      source: "fixture-\(name.rawValue)", loss: name.loss)
  }

  /// The network in the weights file at `path`, read and checked by the
  /// tool's own reader (`simdnet predict` reads it the same way); errors
  /// name the file, line and column. `loss` must suit the output layer.
  public static func load(
    weightsAt path: String, source: String = "weights", loss: Loss, learningRate: Double
  ) throws(ToolError) -> ServedModel {
    let bytes = try FileReader.bytes(atPath: path)
    let weights = try WeightsFile(json: JSONValue.parse(bytes, path: path), path: path)
    do {
      try loss.validate(outputActivation: weights.activations.last!)
    } catch {
      throw ToolError("\(error.message) (--loss \(loss.name))", file: path)
    }
    let network = try DynamicNetwork(weights)
    // A prediction's reply — the longest class name and its comma, each
    // output's `%.17g` with its comma, the newline — must fit the reply
    // buffer, or replies would be cut short.
    let outputs = weights.layers.last!
    let name = weights.classes?.map { $0.csvField.utf8.count + 1 }.max() ?? 0
    let longestReply = name + outputs * (NumberField.maximumTextLength + 1) + 1
    guard longestReply <= Responder.maxReplyLength else {
      throw ToolError(
        "a prediction's reply may take \(longestReply) bytes (\(outputs) outputs"
          + (name > 0 ? " and class names of up to \(name - 1) bytes" : "")
          + "), more than simdnetd's \(Responder.maxReplyLength)",
        file: path)
    }
    return ServedModel(
      live: LiveModel(network, loss: loss, learningRate: learningRate, names: weights),
      sha256: SHA256.hexDigest(bytes), source: source, loss: loss)
  }

  /// The network's inputs and outputs per example.
  public var inputWidth: Int { layerWidths[0] }
  public var outputWidth: Int { layerWidths[layerWidths.count - 1] }

  /// The live weights, as a weights file (allocates).
  public var weights: WeightsFile { live.weightsFile }
}

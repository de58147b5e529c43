import SIMDNet

/// A kernel network whose layers a weights file can describe: a `Layer`, or
/// `Stack`s of them (`MLP1`, `MLP2`, …).
///
/// The kernel's `Network` numbers parameters but does not expose widths or
/// activations per layer; this is what the tool adds to move networks in
/// and out of files without knowing their concrete types.
public protocol LayeredNetwork: Network {
  /// Units per layer, the inputs first.
  static var layerWidths: [Int] { get }
  /// The activation of each layer after the inputs.
  var layerActivations: [Activation] { get }
  /// The network with these activations, one per layer after the inputs,
  /// and all parameters zero.
  init(layerActivations: ArraySlice<Activation>)
}

extension Layer: LayeredNetwork {
  public static var layerWidths: [Int] { [Inputs, Outputs] }
  public var layerActivations: [Activation] { [activation] }
  public init(layerActivations: ArraySlice<Activation>) {
    self.init(activation: layerActivations[layerActivations.startIndex])
  }
}

extension Stack: LayeredNetwork where Lower: LayeredNetwork, Upper: LayeredNetwork {
  public static var layerWidths: [Int] { Lower.layerWidths + Upper.layerWidths.dropFirst() }
  public var layerActivations: [Activation] { lower.layerActivations + upper.layerActivations }
  public init(layerActivations: ArraySlice<Activation>) {
    let split = Lower.layerWidths.count - 1
    self.init(
      Lower(layerActivations: layerActivations.prefix(split)),
      Upper(layerActivations: layerActivations.dropFirst(split)))
  }
}

extension WeightsFile {
  /// The weights of a kernel network; fails (naming the parameter) if any
  /// is NaN or infinite, as after training that diverged.
  public init<N: LayeredNetwork>(_ network: N) throws(ToolError) {
    let widths = N.layerWidths
    var weights: [[[Double]]] = []
    var biases: [[Double]] = []
    var index = 0
    func next() -> Double {
      defer { index += 1 }
      return network[parameter: index]
    }
    for l in 0..<widths.count - 1 {
      weights.append((0..<widths[l + 1]).map { _ in (0..<widths[l]).map { _ in next() } })
      biases.append((0..<widths[l + 1]).map { _ in next() })
    }
    try self.init(
      layers: widths, activations: network.layerActivations, weights: weights, biases: biases)
  }

  /// These weights as a kernel network of type `N`, whose shape must be
  /// the file's.
  public func network<N: LayeredNetwork>(as type: N.Type = N.self) throws(ToolError) -> N {
    let widths = N.layerWidths
    guard layers == widths else {
      throw ToolError(
        "the weights are for a \(shapeDescription) network, not "
          + widths.map(String.init).joined(separator: "-"))
    }
    var network = N(layerActivations: activations[...])
    for (index, value) in parameters.enumerated() { network[parameter: index] = value }
    return network
  }
}

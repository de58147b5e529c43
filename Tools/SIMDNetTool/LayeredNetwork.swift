import SIMDNet

/// A kernel network whose layers a weights file can describe: a `Layer` or
/// `DynamicLayer`, or `Stack`s of them (`MLP1`, `MLP2`, …).
///
/// The kernel's `Network` numbers parameters; this adds the widths and
/// activations per layer that the tool needs to move networks in and out of
/// files.
public protocol LayeredNetwork: Network {
  /// Units per layer, the inputs first.
  var layerWidths: [Int] { get }
  /// The activation of each layer after the inputs.
  var layerActivations: [Activation] { get }
}

/// A `LayeredNetwork` whose shape is part of its type, so that weights can
/// be loaded into it by type.
public protocol FixedLayeredNetwork: LayeredNetwork {
  /// Units per layer, the inputs first.
  static var layerWidths: [Int] { get }
  /// The network with these activations, one per layer after the inputs,
  /// and all parameters zero.
  init(layerActivations: ArraySlice<Activation>)
}

extension Layer: FixedLayeredNetwork {
  public static var layerWidths: [Int] { [Inputs, Outputs] }
  public var layerWidths: [Int] { Self.layerWidths }
  public var layerActivations: [Activation] { [activation] }
  public init(layerActivations: ArraySlice<Activation>) {
    self.init(activation: layerActivations[layerActivations.startIndex])
  }
}

extension DynamicLayer: LayeredNetwork {
  public var layerWidths: [Int] { [inputWidth, outputWidth] }
  public var layerActivations: [Activation] { [activation] }
}

extension Stack: LayeredNetwork where Lower: LayeredNetwork, Upper: LayeredNetwork {
  public var layerWidths: [Int] { lower.layerWidths + upper.layerWidths.dropFirst() }
  public var layerActivations: [Activation] { lower.layerActivations + upper.layerActivations }
}

extension Stack: FixedLayeredNetwork where Lower: FixedLayeredNetwork, Upper: FixedLayeredNetwork {
  public static var layerWidths: [Int] { Lower.layerWidths + Upper.layerWidths.dropFirst() }
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
    let widths = network.layerWidths
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
  public func network<N: FixedLayeredNetwork>(as type: N.Type = N.self) throws(ToolError) -> N {
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

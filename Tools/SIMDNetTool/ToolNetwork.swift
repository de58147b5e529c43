import SIMDNet

/// A network whose shape is read at run time — from `--layers` or a weights
/// file — built from the kernel's `DynamicLayer`s, which compute the same
/// bits as the fixed-size `Layer`s an export produces.
///
/// The kernel's named shapes stop at two hidden layers, and so does this.
public enum ToolNetwork: Sendable {
  case noHidden(DynamicLayer)
  case oneHidden(Stack<DynamicLayer, DynamicLayer>)
  case twoHidden(Stack<DynamicLayer, Stack<DynamicLayer, DynamicLayer>>)

  /// A network of these widths (inputs first) and activations (one per
  /// layer after the inputs), all parameters zero.
  public init(layers: [Int], activations: [Activation]) throws(ToolError) {
    guard layers.count >= 2, layers.allSatisfy({ $0 > 0 }) else {
      throw ToolError("--layers needs at least two positive widths, inputs first, e.g. 2,4,1")
    }
    guard layers.count <= 4 else {
      throw ToolError(
        "\(layers.count - 2) hidden layers: SIMDNet's networks have at most two hidden layers")
    }
    guard activations.count == layers.count - 1 else {
      throw ToolError("\(layers.count - 1) layers need \(layers.count - 1) activations")
    }
    let dense = (0..<layers.count - 1).map {
      DynamicLayer(inputs: layers[$0], outputs: layers[$0 + 1], activation: activations[$0])
    }
    switch dense.count {
    case 1: self = .noHidden(dense[0])
    case 2: self = .oneHidden(Stack(dense[0], dense[1]))
    default: self = .twoHidden(Stack(dense[0], Stack(dense[1], dense[2])))
    }
  }

  /// The network these weights describe.
  public init(_ weights: WeightsFile) throws(ToolError) {
    try self.init(layers: weights.layers, activations: weights.activations)
    try update(SetParameters(values: weights.parameters))
  }

  /// Runs `operation` on the network, whatever its depth.
  public func apply<Operation: NetworkOperation>(_ operation: Operation) throws(ToolError)
    -> Operation.Result
  {
    switch self {
    case .noHidden(let network): try operation(network)
    case .oneHidden(let network): try operation(network)
    case .twoHidden(let network): try operation(network)
    }
  }

  /// Changes the network in place, whatever its depth.
  public mutating func update<Update: NetworkUpdate>(_ update: Update) throws(ToolError) {
    switch self {
    case .noHidden(var network):
      try update(&network)
      self = .noHidden(network)
    case .oneHidden(var network):
      try update(&network)
      self = .oneHidden(network)
    case .twoHidden(var network):
      try update(&network)
      self = .twoHidden(network)
    }
  }

  /// The weights file of this network; fails if a parameter is not finite.
  public func weightsFile() throws(ToolError) -> WeightsFile {
    try apply(WeightsOf())
  }
}

/// Something to do with a network of any depth; see `ToolNetwork.apply`.
public protocol NetworkOperation {
  associatedtype Result
  func callAsFunction<N: LayeredNetwork>(_ network: N) throws(ToolError) -> Result
}

/// A change to a network of any depth; see `ToolNetwork.update`.
public protocol NetworkUpdate {
  func callAsFunction<N: LayeredNetwork>(_ network: inout N) throws(ToolError)
}

/// Sets every parameter, in the kernel's order.
public struct SetParameters: NetworkUpdate {
  public var values: [Double]

  public init(values: [Double]) { self.values = values }

  public func callAsFunction<N: LayeredNetwork>(_ network: inout N) throws(ToolError) {
    guard values.count == network.parameterCount else {
      throw ToolError(
        "\(values.count) parameters for a network of \(network.parameterCount)")
    }
    for (index, value) in values.enumerated() { network[parameter: index] = value }
  }
}

/// The weights file of a network.
struct WeightsOf: NetworkOperation {
  func callAsFunction<N: LayeredNetwork>(_ network: N) throws(ToolError) -> WeightsFile {
    try WeightsFile(network)
  }
}

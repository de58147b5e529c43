import SIMDNet

/// A compile-time network that tests can build from a list of activations
/// — one per layer after the inputs — and fill from a parameter list, to
/// hold it beside a `DynamicNetwork` or a weights file of the same shape.
public protocol FixedShape: FixedSizeNetwork {
  /// The number of dense layers after the inputs.
  static var layerCount: Int { get }

  /// The network with these activations and all parameters zero.
  init(activations: ArraySlice<Activation>)
}

extension Layer: FixedShape {
  public static var layerCount: Int { 1 }

  public init(activations: ArraySlice<Activation>) {
    precondition(activations.count == 1, "a Layer has one activation")
    self.init(activation: activations.first!)
  }
}

extension Stack: FixedShape where Lower: FixedShape, Upper: FixedShape {
  public static var layerCount: Int { Lower.layerCount + Upper.layerCount }

  public init(activations: ArraySlice<Activation>) {
    let split = Lower.layerCount
    self.init(
      Lower(activations: activations.prefix(split)),
      Upper(activations: activations.dropFirst(split)))
  }
}

extension FixedShape {
  /// The network with these activations and parameters, in the kernel's
  /// parameter order.
  public init(activations: [Activation], parameters: [Double]) {
    self.init(activations: activations[...])
    precondition(parameters.count == Self.parameterCount, "parameters of another shape")
    for (index, value) in parameters.enumerated() { self[parameter: index] = value }
  }
}

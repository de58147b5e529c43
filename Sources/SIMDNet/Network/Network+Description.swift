// Embedded Swift cannot print a `Double`, so descriptions exist only in
// ordinary builds.
#if !hasFeature(Embedded)
  extension Network {
    /// The shape, the activations and every parameter in the layout of a
    /// weights file: `weights[l][j][i]` from input `i` to unit `j` of layer
    /// `l + 1`, and `biases[l][j]`. Each number prints so that it reads back
    /// to the same bits.
    public var parameterDescription: String {
      var weights: [String] = []
      var biases: [String] = []
      var p = 0
      for l in 0..<(layerWidths.count - 1) {
        let (inputs, units) = (layerWidths[l], layerWidths[l + 1])
        var rows: [String] = []
        for _ in 0..<units {
          rows.append(
            "[" + (p..<(p + inputs)).map { "\(self[parameter: $0])" }.joined(separator: ", ") + "]")
          p += inputs
        }
        weights.append("[" + rows.joined(separator: ", ") + "]")
        biases.append(
          "[" + (p..<(p + units)).map { "\(self[parameter: $0])" }.joined(separator: ", ") + "]")
        p += units
      }
      let shape = layerWidths.map(String.init).joined(separator: "-")
      let activations = layerActivations.map { "\($0)" }.joined(separator: ", ")
      return "\(shape) [\(activations)] weights: [\(weights.joined(separator: ", "))]"
        + " biases: [\(biases.joined(separator: ", "))]"
    }
  }

  /// `Layer<2, 1>(2-1 [sigmoid] weights: [[[0.1, 0.6]]] biases: [[0.0]])`.
  extension Layer: CustomStringConvertible {
    public var description: String { "Layer<\(Inputs), \(Outputs)>(\(parameterDescription))" }
  }

  /// `Stack(2-2-1 [sigmoid, sigmoid] weights: … biases: …)`.
  extension Stack: CustomStringConvertible {
    public var description: String { "Stack(\(parameterDescription))" }
  }

  /// `DynamicNetwork(2-8-1 [tanh, sigmoid] weights: … biases: …)`.
  extension DynamicNetwork: CustomStringConvertible {
    public var description: String { "DynamicNetwork(\(parameterDescription))" }
  }
#endif

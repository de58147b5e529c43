extension WeightsFile {
  /// Where parameter `index` (in the kernel's order, as `parameters` lists
  /// them) lives in the file: `weights[l][j][i]` or `biases[l][j]`, so that
  /// a report such as the gradient check's can point at it.
  public func parameterName(_ index: Int) -> String {
    var first = 0
    for l in 0..<weights.count {
      let (inputs, outputs) = (layers[l], layers[l + 1])
      if index < first + inputs * outputs {
        let k = index - first
        return "weights[\(l)][\(k / inputs)][\(k % inputs)]"
      }
      first += inputs * outputs
      if index < first + outputs { return "biases[\(l)][\(index - first)]" }
      first += outputs
    }
    return "parameter \(index)"
  }
}

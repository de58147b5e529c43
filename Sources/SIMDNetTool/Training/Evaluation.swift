import SIMDNet

/// How well a network fits a dataset: the cost the network was trained to
/// lower, and the share of examples it classifies right.
///
/// `simdnet train` reports it for the final weights and `simdnet evaluate`
/// for any weights, through this one type, so the two always agree.
public struct Evaluation: Sendable, Equatable {
  /// The mean loss over the examples (the kernel's `cost(on:loss:)`): the
  /// lecture's `1/(2m) Σ Σ (y − ŷ)²` for half squared error, the mean binary
  /// cross-entropy for cross-entropy.
  public var cost: Double
  /// The examples `isCorrect` accepts.
  public var correct: Int
  public var examples: Int

  /// `correct / examples`.
  public var accuracy: Double { Double(correct) / Double(examples) }

  public init(cost: Double, correct: Int, examples: Int) {
    self.cost = cost
    self.correct = correct
    self.examples = examples
  }

  /// Whether a prediction counts as right. With one output it is a yes/no
  /// answer split at 0.5, `(ŷ > 0.5) == (y > 0.5)`; with several the
  /// targets are one-hot classes and the largest output must be where the
  /// largest target is (the first of equal largest values, as NumPy's
  /// `argmax` picks). A NaN output is never right.
  public static func isCorrect(output: [Double], target: [Double]) -> Bool {
    precondition(output.count == target.count && !output.isEmpty, "one output per target")
    if output.count == 1 { return !output[0].isNaN && (output[0] > 0.5) == (target[0] > 0.5) }
    guard let predicted = output.indexOfLargest(units: output.count) else { return false }
    return predicted == target.indexOfLargest(units: target.count)
  }

  /// Evaluates `network` on `data`, four examples per forward pass.
  public init<N: Network>(_ network: N, on data: Dataset<N.Input, N.Output>, loss: Loss) {
    var correct = 0
    Self.forEachExample(of: network, on: data) { output, target in
      if Self.isCorrect(output: output, target: target) { correct += 1 }
    }
    self.init(cost: network.cost(on: data, loss: loss), correct: correct, examples: data.count)
  }

  /// Calls `body` with each example's outputs and targets, in order,
  /// running `network` four examples per forward pass.
  static func forEachExample<N: Network>(
    of network: N, on data: Dataset<N.Input, N.Output>,
    _ body: (_ output: [Double], _ target: [Double]) -> Void
  ) {
    var trace = network.makeTrace()
    var output = [Double](repeating: 0, count: network.outputWidth)
    var target = output
    for block in data.blocks {
      network.forward(block.inputs, trace: &trace)
      for lane in 0..<block.count {
        for k in 0..<network.outputWidth {
          output[k] = trace.output[feature: k][lane]
          target[k] = block.targets[feature: k][lane]
        }
        body(output, target)
      }
    }
  }

  /// Evaluates `network` on `data`, whose widths must match the network's.
  public init(_ network: DynamicNetwork, on data: DatasetFile, loss: Loss) throws(ToolError) {
    self.init(network, on: try data.dataset(for: network), loss: loss)
  }
}

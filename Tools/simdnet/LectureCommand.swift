import ArgumentParser
import Foundation
import SIMDNet
import SIMDNetTool

/// `simdnet lecture`: the lecture's worked example, replayed by the kernel.
struct LectureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lecture",
    abstract: "Replay the lecture's worked example (one sigmoid neuron on the OR gate).",
    discussion: """
      Prints every quantity the lecture computes at full precision next to the \
      lecture's own rounded figure, then trains the OR neuron for 5000 epochs of \
      batch gradient descent (α = 1, W = [0.1, 0.6], b = 0, exact sigmoid).
      """
  )

  func run() throws {
    try singleExampleStep()
    try batchStep()
    try training()
  }

  typealias Neuron = Layer<2, 1>

  /// The lecture's starting point: `W = [0.1, 0.6]`, `b = 0`.
  static let lectureNeuron = Neuron(weights: [[0.1, 0.6]], biases: [0], activation: .sigmoid)

  /// The OR gate, in the lecture's example order.
  static func orGate() -> Dataset<Neuron.Input, Neuron.Output> {
    Dataset(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [1]])
  }

  /// The first example alone, `x = (0, 0)`, `y = 0`: forward, loss, the
  /// backward pass as upstream × local gradients, and the bias update.
  func singleExampleStep() throws(ToolError) {
    try Console.print("1. One example, x = (0, 0), y = 0, with W = [0.1, 0.6] and b = 0")
    var data = Dataset<Neuron.Input, Neuron.Output>(inputs: [[0, 0]], targets: [[0]])
    var training = Training(network: Self.lectureNeuron, learningRate: 1)
    training.runEpoch(on: &data)
    let z = training.trace.preActivation[0][0]
    let y = training.trace.output[0][0]
    let loss = Loss.halfSquaredError
    let dLdy = loss.upstreamGradient(output: training.trace.output[0], target: .zero, scale: 1)[0]
    let local = Activation.sigmoid.localGradient(output: training.trace.output[0])[0]
    let after = training.network.predict([0, 0])[0]
    let table = FigureTable()
    try table.row("z = w₁x₁ + w₂x₂ + b", [z], lecture: "0")
    try table.row("ŷ = σ(z)", [y], lecture: "0.5")
    try table.row(
      "L = ½(y − ŷ)²", [Self.lectureNeuron.cost(on: data, loss: loss)], lecture: "0.125")
    try table.row("∂L/∂L, the first upstream gradient", [1], lecture: "1")
    try table.row("∂L/∂ŷ = −(y − ŷ), local gradient", [dLdy], lecture: "0.5")
    try table.row("∂ŷ/∂z = ŷ(1 − ŷ), local gradient", [local], lecture: "0.25")
    try table.row("∂L/∂z = upstream × local", [dLdy * local], lecture: "0.125")
    try table.row("∂L/∂w₁ = ∂L/∂z · x₁", [training.gradient[parameter: 0]], lecture: "0")
    try table.row("∂L/∂w₂ = ∂L/∂z · x₂", [training.gradient[parameter: 1]], lecture: "0")
    try table.row("∂L/∂b = ∂L/∂z · 1", [training.gradient[parameter: 2]], lecture: "0.125")
    try table.row("b = b − ∂L/∂b", [training.network.biases[0]], lecture: "-0.125")
    try table.row("ŷ after the update", [after], lecture: "0.4687906")
    try table.row(
      "L after the update", [0.5 * after * after], lecture: "0.10998005",
      note: "the lecture squares the rounded ŷ = 0.469 (½·0.469² = 0.1099805)")
    try Console.print()
  }

  /// The vectorised step over all four examples: `Z = W·X + b`, `Ŷ = σ(Z)`,
  /// the cost, the backward pass and the update, then the second forward
  /// pass and its cost.
  func batchStep() throws(ToolError) {
    try Console.print("2. The OR gate as one batch, X = [[0 0 1 1], [0 1 0 1]], Y = [0 1 1 1]")
    var data = Self.orGate()
    var training = Training(network: Self.lectureNeuron, learningRate: 1)
    let cost = training.network.cost(on: data, loss: .halfSquaredError)
    training.runEpoch(on: &data)
    let outputs = training.trace.output[0]
    let targets = data.blocks[0].targets[0]
    let dCostdY = Loss.halfSquaredError.upstreamGradient(
      output: outputs, target: targets, scale: 1.0 / 4)
    let local = Activation.sigmoid.localGradient(output: outputs)
    let updated = training.network
    var second = Training(network: updated, learningRate: 1)
    second.runEpoch(on: &data)

    let table = FigureTable()
    try table.row("Z = W·X + b", lanes(training.trace.preActivation[0]), lecture: "0 0.6 0.1 0.7")
    try table.row("Ŷ = σ(Z)", lanes(outputs), lecture: "0.5 0.646 0.525 0.668")
    try table.row("Σ (Y − Ŷ)²", [8 * cost], lecture: "0.711")
    try table.row("Cost = 1/(2m) Σ (Y − Ŷ)²", [cost], lecture: "0.089")
    try table.row("∂Cost/∂Ŷ = −(1/m)(Y − Ŷ)", lanes(dCostdY), lecture: "0.125 -0.089 -0.119 -0.083")
    try table.row("∂Ŷ/∂Z = Ŷ(1 − Ŷ)", lanes(local), lecture: "0.25 0.229 0.249 0.222")
    try table.row(
      "∂Cost/∂Z = upstream ⊙ local", lanes(dCostdY * local), lecture: "0.031 -0.020 -0.030 -0.018")
    try table.row(
      "∂Cost/∂W = ∂Cost/∂Z · Xᵀ",
      [training.gradient[parameter: 0], training.gradient[parameter: 1]],
      lecture: "-0.048 -0.038",
      note: "the lecture adds the rounded −0.020 and −0.018; exactly it is −0.0387")
    try table.row("∂Cost/∂b = Σ ∂Cost/∂Z", [training.gradient[parameter: 2]], lecture: "-0.037")
    try table.row(
      "W = W − α·∂Cost/∂W", [updated.weights[0][0], updated.weights[0][1]], lecture: "0.148 0.638",
      note: "follows from the rounded −0.038")
    try table.row("b = b − α·∂Cost/∂b", [updated.biases[0]], lecture: "0.037")
    try table.row(
      "Z, second iteration", lanes(second.trace.preActivation[0]),
      lecture: "0.037 0.675 0.185 0.823",
      note: "the lecture uses its rounded W = [0.148, 0.638] and b = 0.037")
    try table.row(
      "Ŷ, second iteration", lanes(second.trace.output[0]), lecture: "0.509 0.663 0.546 0.695")
    let secondCost = updated.cost(on: data, loss: .halfSquaredError)
    try table.row("Σ (Y − Ŷ)², second iteration", [8 * secondCost], lecture: "0.672")
    try table.row("Cost, second iteration", [secondCost], lecture: "0.084")
    try Console.print()
  }

  /// 5000 epochs of batch gradient descent, as the lecture trains before it
  /// plots the cost curve and the decision boundary.
  func training() throws(ToolError) {
    try Console.print(
      "3. 5000 epochs of batch gradient descent, α = 1, W = [0.1, 0.6], b = 0, exact sigmoid")
    var data = Self.orGate()
    var training = Training(network: Self.lectureNeuron, learningRate: 1)
    try Console.print("   epoch  cost")
    for epoch in 0...5000 {
      if epoch % 500 == 0 {
        let cost = training.network.cost(on: data, loss: .halfSquaredError)
        try Console.print("   \(String(epoch).leftPadded(to: 5))  \(cost)")
      }
      if epoch < 5000 { training.runEpoch(on: &data) }
    }
    let network = training.network
    try Console.print(
      "   final W = [\(network.weights[0][0]), \(network.weights[0][1])], b = \(network.biases[0])")
    for n in 0..<data.count {
      let (x, y) = data[example: n]
      let prediction = network.predict(x)[0]
      try Console.print(
        "   x = (\(x[0]), \(x[1])), y = \(y[0]): ŷ = \(prediction) → \(prediction > 0.5 ? 1 : 0)")
    }
  }

  func lanes(_ vector: Lanes) -> [Double] { (0..<4).map { vector[$0] } }
}

/// Prints a quantity at full precision beside the lecture's rounded figure,
/// and says whether the two agree to the lecture's decimals.
struct FigureTable {
  func row(
    _ name: String, _ values: [Double], lecture: String, note: String? = nil
  ) throws(ToolError) {
    let figures = lecture.split(separator: " ").map(String.init)
    let agrees =
      figures.count == values.count
      && zip(values, figures).allSatisfy { value, figure in
        let decimals = figure.split(separator: ".").dropFirst().first?.count ?? 0
        return Double(String(format: "%.\(decimals)f", value)) == Double(figure)
      }
    let exact = values.map { "\($0)" }.joined(separator: "  ")
    try Console.print("   \(name)")
    try Console.print("      SIMDNet  \(exact)")
    try Console.write("      lecture  \(figures.joined(separator: "  "))")
    if agrees {
      try Console.print("   (agrees to the lecture's decimals)")
    } else {
      try Console.print("   DIFFERS: \(note ?? "the lecture rounds intermediate values")")
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}

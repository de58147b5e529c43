import ArgumentParser
import Foundation
import SIMDNet
import SIMDNetTool

/// `simdnet gradcheck`: holds the kernel's backpropagated gradient against
/// numerical differentiation for saved weights on a dataset, so a user can
/// see that the gradients training follows are right for their network.
struct GradcheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradcheck",
    abstract: "Check backpropagation against numerical gradients for saved weights.",
    discussion: """
      For every weight and bias, compares ∂Cost/∂w from backpropagation (over the whole \
      dataset, as one batch update takes it) with a five-point central difference of \
      the cost. A parameter passes when |analytic − numerical| ≤ absolute tolerance + \
      relative tolerance × |numerical|. Exits with status 1, after the report, when one \
      does not.

      Default tolerances: absolute 1e-8, relative 1e-6. With a sigmoid-table layer \
      anywhere in the network they are absolute 1e-6 and relative 5e-2: backpropagation \
      uses the lecture's ŷ(1 − ŷ), while the table is piecewise linear, so its slope \
      between knots differs from ŷ(1 − ŷ) by up to about 0.4% (and more where a unit \
      saturates, |z| > 16, where the table is flat); a numerical derivative measures \
      the table's slope faithfully, and the differences add up over layers and \
      examples. Trained networks pass with these; networks with many saturated table \
      units may not. Near a ReLU kink (a pre-activation within about 1e-3 of 0) the \
      numerical derivative straddles the kink and the check fails honestly.

      --report json prints one JSON object: parameters, max_abs_error, max_rel_error, \
      passed, worst_parameter, analytic, numerical (the worst parameter's two \
      gradients), absolute_tolerance, relative_tolerance, loss, examples.
      """
  )

  @Option(help: ArgumentHelp("The weights file to check.", valueName: "weights.json"))
  var weights: String

  @OptionGroup var dataset: DatasetOptions

  @Option(help: "The loss whose gradient is checked.")
  var loss: Loss = .halfSquaredError

  @Option(
    help: ArgumentHelp(
      "The absolute tolerance. (default: 1e-8; 1e-6 with sigmoid-table)", valueName: "x"))
  var absoluteTolerance: Double?

  @Option(
    help: ArgumentHelp(
      "The relative tolerance. (default: 1e-6; 5e-2 with sigmoid-table)", valueName: "x"))
  var relativeTolerance: Double?

  @Option(help: "Print one JSON object on stdout instead of the summary.")
  var report: ReportFormat?

  func run() throws {
    let weightsFile = try WeightsFile.load(path: weights)
    let data = try dataset.load(for: weightsFile, at: weights, loss: loss)
    let hasTable = weightsFile.activations.contains(.tableSigmoid)
    let absolute = absoluteTolerance ?? (hasTable ? 1e-6 : 1e-8)
    let relative = relativeTolerance ?? (hasTable ? 5e-2 : 1e-6)
    for (value, flag) in [(absolute, "--absolute-tolerance"), (relative, "--relative-tolerance")]
    where !(value.isFinite && value >= 0) {
      throw ToolError("\(flag) must be a finite number ≥ 0, not \(value)")
    }

    let network = try DynamicNetwork(weightsFile)
    let examples = try data.dataset(for: network)
    let check = network.checkGradient(
      on: examples, loss: loss, absoluteTolerance: absolute, relativeTolerance: relative)
    let p = check.worstParameter
    let outcome = (
      analytic: network.gradient(on: examples, loss: loss)[parameter: p],
      numerical: network.numericalGradient(parameter: p, on: examples, loss: loss)
    )
    let worst = weightsFile.parameterName(check.worstParameter)
    if report == .json {
      let report = JSONValue.object([
        JSONMember("parameters", .number(check.parameters)),
        JSONMember("max_abs_error", .finiteNumber(check.maxAbsoluteError)),
        JSONMember("max_rel_error", .finiteNumber(check.maxRelativeError)),
        JSONMember("passed", .bool(check.passed)),
        JSONMember("worst_parameter", .string(worst)),
        JSONMember("analytic", .finiteNumber(outcome.analytic)),
        JSONMember("numerical", .finiteNumber(outcome.numerical)),
        JSONMember("absolute_tolerance", .number(absolute)),
        JSONMember("relative_tolerance", .number(relative)),
        JSONMember("loss", .string(loss.name)),
        JSONMember("examples", .number(data.exampleCount)),
      ])
      try Console.print(report.rendered())
    } else {
      try Console.print(
        "\(check.parameters) parameters of the \(weightsFile.shapeDescription) network in "
          + "\(weights) on \(data.path) (\(loss.name)): largest error \(check.maxAbsoluteError) "
          + "absolute, \(check.maxRelativeError) relative; "
          + (check.passed ? "all within" : "NOT all within")
          + " \(absolute) + \(relative) × |numerical|")
    }
    guard check.passed else {
      Console.writeError(
        "Error: gradient check failed: \(worst) has analytic gradient \(outcome.analytic) but "
          + "numerical \(outcome.numerical)\n")
      throw ExitCode.failure
    }
  }
}

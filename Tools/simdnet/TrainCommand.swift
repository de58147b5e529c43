import ArgumentParser
import Foundation
import SIMDNet
import SIMDNetTool

/// `simdnet train`: trains a network on a dataset with `TrainingRun`, then
/// saves the weights, exports them as Swift and reports how it went.
///
/// Nothing is written until training has succeeded, and every file is
/// written atomically, so a run that fails or diverges leaves existing files
/// as they were.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a network on a dataset.",
    discussion: """
      Starts from Xavier-initialised weights drawn from the seed (or from --init) and \
      runs gradient descent as the lecture defines it: batch makes one update per epoch \
      with the gradient averaged over all examples; minibatch one per run of --batch-size \
      consecutive examples; sgd one per example. Without --shuffle, examples are visited \
      in file order; with it, each epoch reshuffles the order with a generator seeded \
      from --seed + 1, so the initial weights do not depend on --shuffle. The same \
      command gives the same bits on every machine.

      Training stops with an error naming the epoch if the weights or the cost become \
      NaN or infinite; nothing is written then. --save and --export are written only \
      after training succeeds, each atomically.

      Prints a short summary, or with --report json one JSON object: epochs, \
      final_cost, cost_curve ([[epoch, cost], …] from epoch 0, about 100 points), \
      train_accuracy, seconds, weights (the weights-file object), and the dataset and \
      settings. On a terminal, a progress line shows on stderr during long runs.
      """
  )

  @OptionGroup var dataset: DatasetOptions

  @Option(
    help: ArgumentHelp(
      "Units per layer, inputs first, e.g. 2,4,1: at most two hidden layers. Required "
        + "unless --init gives them.", valueName: "widths"))
  var layers: String?

  @Option(help: "The activation of the hidden layers. (default: sigmoid, or --init's)")
  var activation: Activation?

  @Option(
    help: ArgumentHelp(
      "The activation of the output layer. (default: --activation's, or --init's)",
      valueName: "activation"))
  var outputActivation: Activation?

  @Option(help: "The loss: half-squared is the lecture's 1/(2m) Σ (y − ŷ)².")
  var loss: Loss = .halfSquaredError

  @Option(help: "How many examples each update averages over.")
  var optimizer: Optimizer = .batch

  @Option(
    help: ArgumentHelp(
      "Examples per update with --optimizer minibatch (default: 32); an error with the "
        + "other optimizers.", valueName: "n"))
  var batchSize: Int?

  @Flag(help: "Visit the examples in a new seeded order every epoch instead of file order.")
  var shuffle = false

  @Option(help: ArgumentHelp("α, the step size of gradient descent.", valueName: "α"))
  var learningRate: Double = 0.7

  @Option(help: ArgumentHelp("How many times to go through the data.", valueName: "n"))
  var epochs: Int = 1000

  @Option(help: ArgumentHelp("Seeds the initial weights and the shuffling.", valueName: "n"))
  var seed: UInt64 = 1

  @Option(
    name: .customLong("init"),
    help: ArgumentHelp(
      "Start from this weights file instead of random weights; its shape must match "
        + "--layers.", valueName: "weights.json"))
  var initialWeightsPath: String?

  @Option(help: ArgumentHelp("Write the trained weights here.", valueName: "weights.json"))
  var save: String?

  @Option(
    help: ArgumentHelp(
      "Write the trained weights as a Swift constant here; needs --name.",
      valueName: "file.swift"))
  var export: String?

  @Option(help: ArgumentHelp("The Swift constant's name, for --export.", valueName: "identifier"))
  var name: String?

  @Option(help: "Print one JSON object on stdout instead of the summary.")
  var report: ReportFormat?

  @Flag(help: "Print neither the progress line nor the summary (a --report still prints).")
  var quiet = false

  func run() throws {
    try checkOutputs()
    let initial = try initialWeightsPath.map { (path) throws(ToolError) in
      try WeightsFile.load(path: path)
    }
    let layers = try resolveLayers(initial: initial)
    let (activation, outputActivation) = try resolveActivations(initial: initial)
    let data = try dataset.load()
    try dataset.checkShape(of: data, layers: layers)
    let spec = TrainingSpec(
      layers: layers, activation: activation, outputActivation: outputActivation, loss: loss,
      optimizer: optimizer, batchSize: batchSize ?? 32, shuffle: shuffle,
      learningRate: learningRate, epochs: epochs, seed: seed, initialWeights: initial)

    let progressLine =
      !quiet && ErrorStream.isTerminal ? ProgressLine(totalEpochs: epochs) : nil
    let result: TrainingResult
    do {
      result = try TrainingRun.run(spec, on: data, progress: progressLine?.update)
      progressLine?.clear()
    } catch {
      progressLine?.clear()
      throw error
    }

    // The Swift source before writing anything, so that a problem with it
    // leaves both files untouched.
    let source = try export.map { _ throws(ToolError) in
      try SwiftExport.source(
        for: result.weights, name: name!,
        provenance: spec.provenance(dataset: data, finalCost: result.finalCost))
    }
    if let save { try result.weights.save(to: save) }
    if let export, let source { try AtomicFile.write(source, to: export) }

    if report == .json {
      print(result.report(spec: spec, data: data).rendered())
    } else if !quiet {
      printSummary(result, spec: spec, data: data)
    }
  }

  /// Flag combinations and output paths, checked before any work so that
  /// a long run is not wasted on a typo.
  func checkOutputs() throws(ToolError) {
    if batchSize != nil, optimizer != .minibatch {
      throw ToolError(
        "--batch-size applies only to --optimizer minibatch, not \(optimizer.rawValue)")
    }
    switch (export, name) {
    case (.some, nil):
      throw ToolError("--export needs --name, the Swift constant's name (e.g. --name xorNetwork)")
    case (nil, .some):
      throw ToolError("--name names the constant --export writes; give --export FILE.swift too")
    case (.some, .some(let name)):
      try SwiftIdentifier.validate(name)
    default: break
    }
    if layers == nil, initialWeightsPath == nil {
      throw ToolError("--layers is required (e.g. --layers 2,4,1), unless --init gives them")
    }
    let outputs = [save, export].compactMap { $0 }
    if outputs.count == 2, Self.samePath(outputs[0], outputs[1]) {
      throw ToolError("--save and --export name the same file", file: outputs[0])
    }
    // `--save` may replace the `--init` file (training on from saved
    // weights); nothing may replace the data, nor the weights with Swift.
    if Self.samePath(dataset.path, save ?? "") || Self.samePath(dataset.path, export ?? "") {
      throw ToolError("would overwrite the data this run trains on", file: dataset.path)
    }
    if let export, let initialWeightsPath, Self.samePath(export, initialWeightsPath) {
      throw ToolError("--export would overwrite the --init weights file", file: export)
    }
    for path in outputs { try Self.checkDirectory(of: path) }
  }

  /// `--layers`, or `--init`'s when it is not given; both must agree.
  func resolveLayers(initial: WeightsFile?) throws(ToolError) -> [Int] {
    guard let text = layers else { return initial!.layers }
    let layers = try LayersArgument.parse(text)
    if let initial, initial.layers != layers {
      throw ToolError(
        "the weights are for a \(initial.shapeDescription) network, but --layers is "
          + layers.map(String.init).joined(separator: "-"), file: initialWeightsPath)
    }
    return layers
  }

  /// Without `--init`: `--activation` (default sigmoid) and
  /// `--output-activation` (default the same). With `--init`, each one not
  /// given is the file's, and the result must be the file's.
  func resolveActivations(
    initial: WeightsFile?
  ) throws(ToolError) -> (hidden: Activation, output: Activation) {
    guard let initial else {
      let hidden = activation ?? .sigmoid
      return (hidden, outputActivation ?? hidden)
    }
    let hiddenInFile = initial.activations.dropLast()
    let outputInFile = initial.activations.last!
    let hidden = activation ?? hiddenInFile.first ?? outputInFile
    let output = outputActivation ?? outputInFile
    let wanted = Array(repeating: hidden, count: hiddenInFile.count) + [output]
    guard wanted == initial.activations else {
      throw ToolError(
        "the weights' activations are "
          + initial.activations.map(\.name).joined(separator: ", ")
          + ", but this run asks for " + wanted.map(\.name).joined(separator: ", ")
          + "; leave out --activation and --output-activation to keep the file's",
        file: initialWeightsPath)
    }
    return (hidden, output)
  }

  func printSummary(_ result: TrainingResult, spec: TrainingSpec, data: DatasetFile) {
    let shape = spec.layers.map(String.init).joined(separator: "-")
    let activations = spec.layerActivations.map(\.name).joined(separator: ", ")
    let descent =
      switch spec.optimizer {
      case .batch: "batch gradient descent"
      case .minibatch: "mini-batch gradient descent (batches of \(spec.batchSize))"
      case .sgd: "stochastic gradient descent"
      }
    print(
      "Trained a \(shape) network (\(activations)) on \(data.path) "
        + "(\(data.exampleCount) example\(data.exampleCount == 1 ? "" : "s")): "
        + "\(spec.epochs) epoch\(spec.epochs == 1 ? "" : "s") of \(descent), "
        + "α = \(spec.learningRate), \(spec.loss.name) loss, in "
        + String(format: "%.3f", result.seconds) + " s.")
    print(
      "Cost \(result.costCurve[0].cost) at epoch 0, \(result.finalCost) at epoch "
        + "\(result.epochs); training accuracy "
        + String(format: "%.1f", 100 * result.trainAccuracy) + "%.")
    if let save { print("Saved the weights to \(save).") }
    if let export, let name { print("Wrote the Swift constant \(name) to \(export).") }
  }

  /// Whether two paths name the same file (or would, once created); an
  /// empty path names none.
  static func samePath(_ a: String, _ b: String) -> Bool {
    guard !a.isEmpty, !b.isEmpty else { return false }
    func resolved(_ path: String) -> String {
      URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
    return resolved(a) == resolved(b)
  }

  /// Throws unless the directory `path` would be written in exists.
  static func checkDirectory(of path: String) throws(ToolError) {
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw ToolError("cannot write: directory \(directory) does not exist", file: path)
    }
  }
}

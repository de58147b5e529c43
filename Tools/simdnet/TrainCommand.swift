import ArgumentParser
import Foundation
import SIMDNet
import SIMDNetTool

/// `simdnet train`: trains a network on a dataset with `TrainingRun`, then
/// saves the weights, exports them as Swift and reports how it went.
///
/// Nothing is written until training has succeeded, and the files are
/// written together (`AtomicFile.write(_:)`), so a run that fails or
/// diverges, or whose second file cannot be written, leaves existing files
/// as they were.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a network on a dataset.",
    discussion: """
      Starts from Xavier-initialised weights drawn from the seed (or from --init) and \
      trains for --epochs epochs. Without --shuffle, examples are visited in file order; \
      with it, each epoch reshuffles the order with a generator seeded from --seed + 1, \
      so the initial weights do not depend on --shuffle. The same command gives the same \
      bits on every machine.

      Optimizers: batch gradient descent makes one update per epoch with the gradient \
      averaged over all examples, as the lecture defines it; minibatch one per run of \
      --batch-size consecutive examples; sgd one per example. momentum keeps a velocity, \
      v = μ·v − α·g, w = w + v (--momentum μ, default \
      \(Hyperparameter.momentum.defaultValue)). \
      adam scales each step by running estimates of the gradient's mean and variance \
      (--adam-beta1, --adam-beta2, --adam-epsilon; defaults \
      \(Hyperparameter.adamBeta1.defaultValue), \
      \(Hyperparameter.adamBeta2.defaultValue), \
      \(Hyperparameter.adamEpsilon.defaultValue)). momentum and adam, like \
      minibatch, update once per run of --batch-size examples (default 32; a batch \
      size of at least the number of examples makes one update per epoch). rprop (iRPROP−) learns from the whole batch and \
      uses only the sign of each gradient: a step per parameter grows by \
      --rprop-increase while the sign holds and shrinks by --rprop-decrease when it flips, \
      starting at --rprop-initial-step and kept within --rprop-min-step and \
      --rprop-max-step (defaults \(Hyperparameter.rpropIncrease.defaultValue), \
      \(Hyperparameter.rpropDecrease.defaultValue), \
      \(Hyperparameter.rpropInitialStep.defaultValue), \
      \(Hyperparameter.rpropMinStep.defaultValue), \
      \(Hyperparameter.rpropMaxStep.defaultValue)); it has no learning rate. The \
      learning rate α defaults to \(OptimizerOptions.learningRateDefaults). A flag for \
      another optimizer than the one chosen is an error.

      --validation PATH reads a second dataset (in --data's format, with the same \
      --outputs) and reports its cost (the same loss) at every point of the cost curve, \
      and, from its cost after every epoch, the epoch with the lowest (epoch 0 is the \
      initial weights; the earliest of equal costs). Without --patience that is only \
      information: the weights kept are the last epoch's. With --patience N, training \
      stops once N epochs in a row bring no lower validation cost than the lowest so \
      far, and the weights kept (saved, exported, reported, and measured for the final \
      cost and training accuracy) are those with the lowest.

      Training stops with an error naming the epoch if the weights or a cost become \
      NaN or infinite; nothing is written then. --save and --export are written only \
      after training succeeds, together: if either cannot be written, neither file is \
      changed.

      Prints a short summary, or with --report json one JSON object: epochs (those run), \
      final_cost, cost_curve ([[epoch, cost], …] from epoch 0, about 100 points, ending \
      at the last epoch run), with --validation also validation_curve (at the same \
      epochs), best_epoch, best_validation_cost and stopped_early; train_accuracy, \
      seconds, weights (the weights-file object), and the datasets and settings. On a \
      terminal, a progress line shows on stderr during long runs.
      """
  )

  @OptionGroup var dataset: DatasetOptions

  @Option(
    help: ArgumentHelp(
      "Units per layer, inputs first, e.g. 2,4,1 or 8,32,16,2: up to 64 hidden layers of "
        + "up to 65536 units, 4194304 weights and biases in all. Required unless --init "
        + "gives them.", valueName: "widths"))
  var layers: String?

  @Option(help: "The activation of the hidden layers. (default: sigmoid, or --init's)")
  var activation: Activation?

  @Option(
    help: ArgumentHelp(
      "The activation of the output layer; softmax (output layer only) for one output per "
        + "class. (default: --activation's, or --init's)",
      valueName: "activation"))
  var outputActivation: Activation?

  @Option(
    help:
      ArgumentHelp(
        "The loss: half-squared is the lecture's 1/(2m) Σ (y − ŷ)²; cross-entropy is binary "
          + "after a sigmoid output, categorical after softmax."))
  var loss: Loss = .halfSquaredError

  @Option(
    help: ArgumentHelp(
      "Scale each input feature with parameters from the training data (--data) alone, and, "
        + "with --targets, each target: standard ((x − mean) / population sd), minmax "
        + "((x − min) / (max − min)) or none. The scaling is saved with the weights and "
        + "applied inside prediction, so predict, evaluate and exports take raw features. "
        + "(default: none, or --init's)", valueName: "method"))
  var scale: ScalingMethod?

  @OptionGroup var optimizer: OptimizerOptions

  @Flag(help: "Visit the examples in a new seeded order every epoch instead of file order.")
  var shuffle = false

  @Option(
    help: ArgumentHelp(
      "How many times to go through the data (at most, with --patience).", valueName: "n"))
  var epochs: Int = 1000

  @Option(
    help: ArgumentHelp(
      "Held-out examples, read like --data: their cost is reported along the cost curve, "
        + "with the epoch where it was lowest.", valueName: "path"))
  var validation: String?

  @Option(
    help: ArgumentHelp(
      "Stop once this many epochs in a row bring no lower validation cost, and keep the "
        + "weights that had the lowest; needs --validation.", valueName: "n"))
  var patience: Int?

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
    let spec = TrainingSpec(
      layers: layers, activation: activation, outputActivation: outputActivation, loss: loss,
      optimizer: optimizer.optimizer, batchSize: optimizer.batchSize,
      hyperparameters: optimizer.hyperparameters, shuffle: shuffle,
      learningRate: optimizer.learningRate, epochs: epochs, seed: seed, initialWeights: initial,
      patience: patience)
    // Every setting before the data, so that a long read is not wasted on a typo.
    try spec.validate()
    if let scale, let initial, initial.inputScaling != nil || initial.outputScaling != nil {
      throw ToolError(
        "--scale \(scale.rawValue): the --init weights carry their own scaling, which training "
          + "on keeps; leave out --scale", file: initialWeightsPath)
    }
    // Training on from weights with classes keeps their classes, in their order.
    let rawData = try dataset.load(classes: initial?.classes)
    try dataset.checkShape(of: rawData, layers: layers)
    let rawValidation = try validation.map { (path) throws(ToolError) in
      try dataset.load(path: path, like: rawData, layers: layers)
    }
    // From the training examples only; validation data is scaled with them.
    let scaling = TrainingScaling(scale ?? .none, of: rawData, keeping: initial)
    let data = scaling.applied(to: rawData)
    let validationData = rawValidation.map(scaling.applied)

    let progressLine =
      !quiet && Console.errorIsTerminal ? ProgressLine(totalEpochs: epochs) : nil
    var result: TrainingResult
    do {
      result = try TrainingRun.run(
        spec, on: data, validation: validationData, progress: progressLine?.update)
      progressLine?.clear()
    } catch {
      progressLine?.clear()
      throw error
    }
    result.weights = try scaling.describing(result.weights, trainedOn: rawData)

    // The Swift source before writing anything, so that a problem with it
    // leaves both files untouched.
    let source = try export.map { _ throws(ToolError) in
      try SwiftExport.source(
        for: result.weights, name: name!,
        provenance: spec.provenance(
          dataset: data, finalCost: result.finalCost, validation: validationData,
          bestEpoch: result.best?.epoch))
    }
    // Both files or neither: each is staged, and only then are they renamed
    // into place.
    var outputs: [(path: String, bytes: [UInt8])] = []
    if let save { outputs.append((save, Array(result.weights.jsonText.utf8))) }
    if let export, let source { outputs.append((export, Array(source.utf8))) }
    try AtomicFile.write(outputs)

    if report == .json {
      try Console.print(
        TrainingReport(result, spec: spec, data: data, validation: validationData).json.rendered())
    } else if !quiet {
      try printSummary(result, spec: spec, data: data)
    }
  }

  /// Flag combinations and output paths, checked before any work so that
  /// a long run is not wasted on a typo.
  func checkOutputs() throws(ToolError) {
    if patience != nil, validation == nil {
      throw ToolError(
        "--patience needs --validation PATH: early stopping watches the cost on held-out data")
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
    if let validation,
      Self.samePath(validation, save ?? "") || Self.samePath(validation, export ?? "")
    {
      throw ToolError("would overwrite the validation data", file: validation)
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

  func printSummary(
    _ result: TrainingResult, spec: TrainingSpec, data: DatasetFile
  ) throws(ToolError) {
    let shape = spec.layers.map(String.init).joined(separator: "-")
    let activations = spec.layerActivations.map(\.name).joined(separator: ", ")
    try Console.print(
      "Trained a \(shape) network (\(activations)) on \(data.path) "
        + "(\(data.exampleCount) example\(data.exampleCount == 1 ? "" : "s")): "
        + "\(result.epochs) epoch\(result.epochs == 1 ? "" : "s") of "
        + "\(OptimizerOptions.description(of: spec)), \(spec.loss.name) loss, in "
        + String(format: "%.3f", result.seconds) + " s.")
    // With early stopping the weights kept, and so the final cost, are the best epoch's.
    let keptEpoch = spec.patience == nil ? result.epochs : result.best!.epoch
    try Console.print(
      "Cost \(result.costCurve[0].cost) at epoch 0, \(result.finalCost) at epoch "
        + "\(keptEpoch); training accuracy "
        + String(format: "%.1f", 100 * result.trainAccuracy) + "%.")
    if let curve = result.validationCurve, let best = result.best {
      try Console.print(
        "Validation cost \(curve[0].cost) at epoch 0, \(curve.last!.cost) at epoch "
          + "\(curve.last!.epoch); lowest \(best.validationCost) at epoch \(best.epoch).")
      if let patience = spec.patience {
        try Console.print(
          (result.stoppedEarly
            ? "Stopped early: \(patience) epoch\(patience == 1 ? "" : "s") after epoch "
              + "\(best.epoch) brought no lower validation cost. "
            : "") + "Kept the weights of epoch \(best.epoch).")
      } else {
        try Console.print("Kept the last epoch's weights (--patience N would keep the lowest's).")
      }
    }
    if let save { try Console.print("Saved the weights to \(save).") }
    if let export, let name { try Console.print("Wrote the Swift constant \(name) to \(export).") }
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

import Foundation
import SIMDNet
import SIMDNetTool
import Testing

/// Validation data and early stopping in `TrainingRun`: the validation
/// curve and the best epoch against costs computed independently from
/// weights trained without validation, and early stopping against a run of
/// exactly the best epoch's length.
@Suite("TrainingRun: validation and early stopping")
struct TrainingRunValidationTests {
  /// One linear neuron fitting `y = 2x` from `w = b = 0`, while the
  /// validation set says `y = x`: the validation cost falls while `w`
  /// passes 1 and rises after, so its lowest point is a few epochs in.
  static let trainCSV = "1,2\n2,4\n"
  static let validationCSV = "1,1\n2,2\n"

  static func data(_ csv: String, path: String) throws -> DatasetFile {
    try TrainingRunTests.data(csv, path: path)
  }

  static func overshootSpec(
    optimizer: OptimizerName = .batch, learningRate: Double = 0.05, epochs: Int = 1000,
    patience: Int? = nil
  ) throws -> TrainingSpec {
    TrainingSpec(
      layers: [1, 1], activation: .linear, optimizer: optimizer, learningRate: learningRate,
      epochs: epochs,
      initialWeights: try WeightsFile(
        layers: [1, 1], activations: [.linear], weights: [[[0]]], biases: [[0]]),
      patience: patience)
  }

  /// The validation cost of `weights`, by the kernel on its own fixed-size
  /// neuron: no `TrainingRun`, `Evaluation` or `DynamicNetwork` involved.
  static func validationCost(of weights: WeightsFile) throws -> Double {
    let neuron = try weights.network(as: Layer<1, 1>.self)
    let examples = Dataset<Layer<1, 1>.Input, Layer<1, 1>.Output>(
      inputs: [[1], [2]], targets: [[1], [2]])
    return neuron.cost(on: examples, loss: .halfSquaredError)
  }

  /// The weights after exactly `epochs` epochs of `spec`, trained without
  /// validation data or early stopping.
  static func weights(_ spec: TrainingSpec, epochs: Int) throws -> WeightsFile {
    var plain = spec
    plain.epochs = epochs
    plain.patience = nil
    return try TrainingRun.run(plain, on: data(trainCSV, path: "train.csv")).weights
  }

  @Test("the validation curve is the validation cost at the cost curve's epochs")
  func validationCurve() throws {
    let spec = try Self.overshootSpec(epochs: 40)
    let result = try TrainingRun.run(
      spec, on: Self.data(Self.trainCSV, path: "train.csv"),
      validation: Self.data(Self.validationCSV, path: "validation.csv"), curvePoints: 8)
    let curve = try #require(result.validationCurve)
    #expect(curve.map(\.epoch) == result.costCurve.map(\.epoch))
    #expect(curve.map(\.epoch) == [0, 5, 10, 15, 20, 25, 30, 35, 40])
    for point in curve {
      let independent = try Self.validationCost(of: Self.weights(spec, epochs: point.epoch))
      #expect(point.cost.bitPattern == independent.bitPattern, "epoch \(point.epoch)")
    }
    // It falls, then rises: the two sets disagree.
    #expect(curve[1].cost < curve[0].cost && curve.last!.cost > curve[1].cost)
  }

  @Test("the best epoch is the lowest validation cost of every epoch, the earliest of equals")
  func bestEpoch() throws {
    let spec = try Self.overshootSpec(epochs: 30)
    let result = try TrainingRun.run(
      spec, on: Self.data(Self.trainCSV, path: "train.csv"),
      validation: Self.data(Self.validationCSV, path: "validation.csv"), curvePoints: 3)
    let costs = try (0...30).map { try Self.validationCost(of: Self.weights(spec, epochs: $0)) }
    let lowest = costs.min()!
    let best = try #require(result.best)
    #expect(best.epoch == costs.firstIndex(of: lowest)!)
    #expect(best.validationCost.bitPattern == lowest.bitPattern)
    #expect(best.epoch > 0 && best.epoch < 30)
    // Between curve points: the best epoch is not one of them.
    #expect(!result.costCurve.map(\.epoch).contains(best.epoch))
    // Without early stopping the weights are the last epoch's, and the
    // validation data changes nothing.
    #expect(!result.stoppedEarly && result.epochs == 30)
    #expect(result.weights.isBitwiseIdentical(to: try Self.weights(spec, epochs: 30)))
    let without = try TrainingRun.run(spec, on: Self.data(Self.trainCSV, path: "train.csv"))
    #expect(without.validationCurve == nil && without.best == nil)
    #expect(result.finalCost.bitPattern == without.finalCost.bitPattern)
  }

  @Test("early stopping keeps the best weights and stops at best + patience", arguments: [1, 3])
  func earlyStopping(patience: Int) throws {
    let spec = try Self.overshootSpec(epochs: 1000, patience: patience)
    let result = try TrainingRun.run(
      spec, on: Self.data(Self.trainCSV, path: "train.csv"),
      validation: Self.data(Self.validationCSV, path: "validation.csv"))
    let best = try #require(result.best)
    #expect(best.epoch > 0)
    #expect(result.stoppedEarly)
    #expect(result.epochs == best.epoch + patience)
    #expect(result.costCurve.last?.epoch == result.epochs)
    #expect(result.validationCurve?.last?.epoch == result.epochs)
    // Bit for bit the weights of a run of exactly `best.epoch` epochs.
    let shorter = try Self.weights(spec, epochs: best.epoch)
    #expect(result.weights.isBitwiseIdentical(to: shorter))
    #expect(!result.weights.isBitwiseIdentical(to: try Self.weights(spec, epochs: result.epochs)))
    let rerun = try TrainingRun.run(
      {
        var s = spec
        s.epochs = best.epoch
        s.patience = nil
        return s
      }(),
      on: Self.data(Self.trainCSV, path: "train.csv"))
    // However the curve is sampled, including at the very epoch it stops.
    for points in [1, 2, 1000] {
      let sampled = try TrainingRun.run(
        spec, on: Self.data(Self.trainCSV, path: "train.csv"),
        validation: Self.data(Self.validationCSV, path: "validation.csv"), curvePoints: points)
      #expect(sampled.epochs == result.epochs && sampled.best?.epoch == best.epoch, "\(points)")
      #expect(sampled.weights.isBitwiseIdentical(to: shorter), "\(points)")
      #expect(sampled.costCurve.last?.epoch == result.epochs, "\(points)")
    }
    #expect(result.finalCost.bitPattern == rerun.finalCost.bitPattern)
    #expect(result.trainAccuracy == rerun.trainAccuracy)
    #expect(try Self.validationCost(of: shorter).bitPattern == best.validationCost.bitPattern)
  }

  @Test("early stopping with a stateful optimizer and shuffling replays to the same weights")
  func earlyStoppingWithMomentum() throws {
    var spec = try Self.overshootSpec(optimizer: .momentum, learningRate: 0.02, patience: 4)
    spec.batchSize = 1
    spec.shuffle = true
    let result = try TrainingRun.run(
      spec, on: Self.data(Self.trainCSV, path: "train.csv"),
      validation: Self.data(Self.validationCSV, path: "validation.csv"))
    let best = try #require(result.best)
    #expect(result.stoppedEarly && result.epochs == best.epoch + 4)
    #expect(result.weights.isBitwiseIdentical(to: try Self.weights(spec, epochs: best.epoch)))
  }

  @Test("equal validation costs keep the earliest epoch, and do not reset the patience")
  func ties() throws {
    // Weights that already fit the training data exactly: no gradient, so
    // no epoch changes them and every validation cost is the same.
    let spec = TrainingSpec(
      layers: [1, 1], activation: .linear, epochs: 100,
      initialWeights: try WeightsFile(
        layers: [1, 1], activations: [.linear], weights: [[[2]]], biases: [[0]]),
      patience: 5)
    let result = try TrainingRun.run(
      spec, on: Self.data(Self.trainCSV, path: "train.csv"),
      validation: Self.data(Self.validationCSV, path: "validation.csv"))
    #expect(result.best?.epoch == 0)
    #expect(result.epochs == 5 && result.stoppedEarly)
    #expect(Set(result.validationCurve!.map(\.cost)).count == 1)
  }

  @Test("no early stop when the validation cost keeps falling")
  func patienceNeverRunsOut() throws {
    let spec = try Self.overshootSpec(epochs: 50, patience: 10)
    // Validated on the training set itself, the cost falls every epoch.
    let result = try TrainingRun.run(
      spec, on: Self.data(Self.trainCSV, path: "train.csv"),
      validation: Self.data(Self.trainCSV, path: "train.csv"))
    #expect(!result.stoppedEarly && result.epochs == 50 && result.best?.epoch == 50)
    #expect(result.weights.isBitwiseIdentical(to: try Self.weights(spec, epochs: 50)))
  }

  @Test("validation data is checked like the training data")
  func badValidationData() throws {
    let train = try Self.data(Self.trainCSV, path: "train.csv")
    let spec = try Self.overshootSpec(epochs: 5)
    let cases: [(TrainingSpec, DatasetFile?, String)] = [
      (
        try Self.overshootSpec(epochs: 5, patience: 2), nil,
        "early stopping (--patience) needs validation data to watch (--validation PATH)"
      ),
      (spec, try Self.data("1,2,3\n", path: "wide.csv"), "wide.csv: the data has 2 inputs"),
      (
        try Self.overshootSpec(epochs: 5, patience: 0),
        try Self.data(Self.validationCSV, path: "v.csv"),
        "--patience must be at least 1 epoch, not 0"
      ),
    ]
    for (spec, validation, fragment) in cases {
      let message = toolErrorMessage { () throws(ToolError) in
        _ = try TrainingRun.run(spec, on: train, validation: validation)
      }
      #expect(message?.contains(fragment) == true, "\(message ?? "no error")")
    }
    // Cross-entropy needs targets in [0, 1] in the validation set too.
    let crossEntropy = TrainingSpec(layers: [2, 1], loss: .crossEntropy, epochs: 5)
    let or = try TrainingRunTests.data(CommandTestData.orCSV)
    let held = try Self.data("0,0,0\n0,1,3\n", path: "held.csv")
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(crossEntropy, on: or, validation: held)
    }
    #expect(
      message == "held.csv: example 2 has the target 3.0; cross-entropy needs targets in [0, 1]")
  }

  @Test("a validation cost that overflows is divergence, named at its first epoch")
  func validationDivergence() throws {
    let data = try TrainingRunTests.data(CommandTestData.xorCSV)
    let spec = TrainingSpec(layers: [2, 1], activation: .linear, learningRate: 1e6, epochs: 1000)
    var messages: [String] = []
    for points in [1, 7, 100] {
      let message = toolErrorMessage { () throws(ToolError) in
        _ = try TrainingRun.run(spec, on: data, validation: data, curvePoints: points)
      }
      #expect(message?.contains("diverged at epoch") == true, "\(message ?? "no error")")
      messages.append(message ?? "")
    }
    #expect(Set(messages).count == 1, "\(messages)")
    // Far-off validation inputs overflow before the training cost does.
    let far = try TrainingRunTests.data("1e150,1e150,0\n")
    let message = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(spec, on: data, validation: far, curvePoints: 1)
    }
    #expect(message?.contains("the validation cost is inf") == true, "\(message ?? "no error")")
    let trainingOnly = toolErrorMessage { () throws(ToolError) in
      _ = try TrainingRun.run(spec, on: data, curvePoints: 1)
    }
    #expect(trainingOnly != message)
  }

  @Test("the report carries the validation curve, the best epoch and whether it stopped early")
  func report() throws {
    let spec = try Self.overshootSpec(epochs: 100, patience: 2)
    let train = try Self.data(Self.trainCSV, path: "train.csv")
    let validation = try Self.data(Self.validationCSV, path: "validation.csv")
    let result = try TrainingRun.run(spec, on: train, validation: validation)
    let json = try JSONValue.parse(
      Array(
        TrainingReport(result, spec: spec, data: train, validation: validation).json.rendered().utf8
      ),
      path: "report")
    #expect(json["epochs"]?.doubleValue == Double(result.epochs))
    #expect(json["best_epoch"]?.doubleValue == Double(result.best!.epoch))
    #expect(json["best_validation_cost"]?.doubleValue == result.best!.validationCost)
    #expect(json["stopped_early"]?.boolValue == true)
    #expect(json["patience"]?.doubleValue == 2)
    #expect(json["validation_dataset"]?.stringValue == "validation.csv")
    let curve = try #require(json["validation_curve"]?.arrayValue)
    #expect(
      curve.map { $0.arrayValue?.compactMap(\.doubleValue) ?? [] }
        == result.validationCurve!.map { [Double($0.epoch), $0.cost] })
    // Without validation data none of these keys appear.
    let plainSpec = try Self.overshootSpec(epochs: 5)
    let plainJSON = TrainingReport(
      try TrainingRun.run(plainSpec, on: train), spec: plainSpec, data: train
    ).json
    for key in ["validation_curve", "best_epoch", "best_validation_cost", "stopped_early"] {
      #expect(plainJSON[key] == nil, "\(key)")
    }
  }
}

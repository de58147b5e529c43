import SIMDNet
import SIMDNetTool
import Testing

@Suite("Training reports: written and read back by one type")
struct TrainingReportTests {
  /// The report of a run, written as `simdnet train --report json` prints
  /// it, and that text.
  static func written(
    _ spec: TrainingSpec, validation: Bool = false
  ) throws -> (report: TrainingReport, text: String) {
    let data = try TrainingRunTests.data(CommandTestData.xorCSV, path: "xor.csv")
    let held = validation ? try TrainingRunTests.data(CommandTestData.orCSV, path: "or.csv") : nil
    let result = try TrainingRun.run(spec, on: data, validation: held)
    let report = TrainingReport(result, spec: spec, data: data, validation: held)
    return (report, report.json.rendered())
  }

  static func read(_ text: String) throws(ToolError) -> TrainingReport {
    try TrainingReport(json: JSONValue.parse(Array(text.utf8), path: "r.json"), path: "r.json")
  }

  static let specs: [(TrainingSpec, Bool)] = [
    (TrainingSpec(layers: [2, 3, 1], epochs: 40), false),
    (
      TrainingSpec(
        layers: [2, 4, 1], activation: .tanh, outputActivation: .sigmoid, loss: .crossEntropy,
        optimizer: .adam,
        batchSize: 2, hyperparameters: [.adamBeta1: 0.8], shuffle: true, epochs: 30, seed: 7,
        patience: 3), true
    ),
    (TrainingSpec(layers: [2, 2, 1], optimizer: .rprop, epochs: 20, seed: 3), true),
    (TrainingSpec(layers: [2, 1], optimizer: .momentum, learningRate: 0.3, epochs: 10), false),
    (
      TrainingSpec(
        layers: [2, 1], optimizer: .sgd, epochs: 5,
        initialWeights: try! WeightsFile(
          layers: [2, 1], activations: [.sigmoid], weights: [[[0.1, 0.6]]], biases: [[0]])),
      false
    ),
  ]

  @Test("a report written and read back is the same report, and writes the same text")
  func roundTrip() throws {
    for (spec, validation) in Self.specs {
      let (report, text) = try Self.written(spec, validation: validation)
      let read = try Self.read(text)
      #expect(read == report)
      #expect(read.json.rendered() == text)
    }
  }

  @Test("the record of the run: datasets, settings, seconds and early stopping")
  func record() throws {
    let (spec, _) = Self.specs[1]
    let (report, text) = try Self.written(spec, validation: true)
    let read = try Self.read(text)
    #expect(read.dataset?.path == "xor.csv" && read.dataset?.examples == 4)
    #expect(read.validationDataset?.path == "or.csv")
    #expect(read.seconds == report.seconds && read.stoppedEarly != nil)
    let settings = try #require(read.settings)
    #expect(settings.optimizer == .adam && settings.batchSize == 2 && settings.shuffle)
    #expect(settings.hyperparameters[.adamBeta1] == 0.8)
    #expect(settings.hyperparameters.count == 3)
    #expect(settings.patience == 3 && settings.seed == 7 && !settings.initialWeightsGiven)
  }

  @Test("what only records the run is left out when a report lacks it or has another type")
  func lenientRecord() throws {
    let minimal = """
      {"epochs": 0, "final_cost": 0.5, "cost_curve": [[0, 0.5]], "seconds": "soon",
       "dataset": "d.csv", "optimizer": "newton", "shuffle": false, "seed": 1,
       "initial_weights": "xavier",
       "weights": {"layers": [1, 1], "activations": ["linear"], "weights": [[[1]]], "biases": [[0]]}}
      """
    let report = try Self.read(minimal)
    #expect(report.seconds == nil && report.dataset == nil && report.settings == nil)
    #expect(report.stoppedEarly == nil && report.trainAccuracy == nil && report.costs.loss == nil)
  }
}

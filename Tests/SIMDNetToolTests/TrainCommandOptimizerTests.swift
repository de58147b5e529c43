import Foundation
import SIMDNet
import SIMDNetTool
import Testing

/// `simdnet train` with `--optimizer momentum|rprop|adam`, `--validation`
/// and `--patience`, as a user runs it.
@Suite("simdnet train: optimizers and validation")
struct TrainCommandOptimizerTests {
  /// The overshoot case of `TrainingRunValidationTests`: the validation
  /// cost is lowest a few epochs in.
  static let files = [
    "train.csv": TrainingRunValidationTests.trainCSV,
    "validation.csv": TrainingRunValidationTests.validationCSV,
    "zero.json":
      #"{"layers": [1, 1], "activations": ["linear"], "weights": [[[0]]], "biases": [[0]]}"#,
  ]
  static let overshoot = [
    "train", "--data", "train.csv", "--init", "zero.json", "--learning-rate", "0.05",
  ]

  @Test("each optimizer's flags reach the kernel: the same weights as TrainingRun with the spec")
  func flagsReachTheSpec() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let runs: [([String], TrainingSpec)] = [
        (
          ["--optimizer", "momentum", "--momentum", "0.8", "--batch-size", "3", "--shuffle"],
          TrainingSpec(
            layers: [2, 3, 1], optimizer: .momentum, batchSize: 3,
            hyperparameters: [.momentum: 0.8], shuffle: true)
        ),
        (
          [
            "--optimizer", "rprop", "--rprop-increase", "1.3", "--rprop-decrease", "0.4",
            "--rprop-initial-step", "0.05", "--rprop-max-step", "5", "--rprop-min-step", "1e-5",
          ],
          TrainingSpec(
            layers: [2, 3, 1], optimizer: .rprop,
            hyperparameters: [
              .rpropIncrease: 1.3, .rpropDecrease: 0.4, .rpropInitialStep: 0.05,
              .rpropMaxStep: 5, .rpropMinStep: 1e-5,
            ])
        ),
        (
          [
            "--optimizer", "adam", "--adam-beta1", "0.8", "--adam-beta2", "0.99",
            "--adam-epsilon", "1e-7", "--learning-rate", "0.02",
          ],
          TrainingSpec(
            layers: [2, 3, 1], optimizer: .adam,
            hyperparameters: [.adamBeta1: 0.8, .adamBeta2: 0.99, .adamEpsilon: 1e-7],
            learningRate: 0.02)
        ),
      ]
      for (flags, spec) in runs {
        var spec = spec
        spec.epochs = 30
        let run = try Simdnet.run(
          ["train", "--data", "xor.csv", "--layers", "2,3,1", "--epochs", "30", "--save", "w.json"]
            + flags + ["--quiet"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try TrainingRun.run(spec, on: DatasetFile.load(path: directory + "/xor.csv"))
        #expect(
          try WeightsFile.load(path: directory + "/w.json").isBitwiseIdentical(
            to: expected.weights), "\(flags)")
      }
    }
  }

  @Test("the report names the optimizer's settings at the values used, and only those")
  func reportSettings() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
      func report(_ flags: [String]) throws -> JSONValue {
        let run = try Simdnet.run(
          ["train", "--data", "or.csv", "--layers", "2,1", "--epochs", "3", "--report", "json"]
            + flags, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        return try run.report()
      }
      let settings = Hyperparameter.allCases.map(\.key) + ["learning_rate", "batch_size"]
      func present(_ json: JSONValue) -> [String] { settings.filter { json[$0] != nil } }

      let batch = try report([])
      #expect(present(batch) == ["learning_rate"])
      #expect(batch["learning_rate"]?.doubleValue == OptimizerName.batch.defaultLearningRate)

      let momentum = try report(["--optimizer", "momentum"])
      #expect(present(momentum) == ["momentum", "learning_rate", "batch_size"])
      #expect(momentum["momentum"]?.doubleValue == 0.9)
      #expect(momentum["batch_size"]?.doubleValue == 32)
      #expect(momentum["learning_rate"]?.doubleValue == OptimizerName.momentum.defaultLearningRate)

      let rprop = try report(["--optimizer", "rprop", "--rprop-max-step", "7"])
      #expect(
        present(rprop) == [
          "rprop_increase", "rprop_decrease", "rprop_initial_step", "rprop_max_step",
          "rprop_min_step",
        ])
      #expect(rprop["rprop_max_step"]?.doubleValue == 7)
      #expect(rprop["rprop_min_step"]?.doubleValue == 1e-6)

      let adam = try report(["--optimizer", "adam", "--batch-size", "2"])
      #expect(
        present(adam) == [
          "adam_beta1", "adam_beta2", "adam_epsilon", "learning_rate", "batch_size",
        ])
      #expect(adam["learning_rate"]?.doubleValue == OptimizerName.adam.defaultLearningRate)
      #expect(adam["batch_size"]?.doubleValue == 2)

      let minibatch = try report(["--optimizer", "minibatch"])
      #expect(minibatch["batch_size"]?.doubleValue == 32)
    }
  }

  @Test("--validation and --patience: the report, the saved weights and the summary")
  func earlyStopping() throws {
    try withTemporaryDirectory { directory in
      for (name, text) in Self.files { try writeFile(text, named: name, in: directory) }
      let run = try Simdnet.run(
        Self.overshoot + [
          "--validation", "validation.csv", "--patience", "3", "--save", "best.json",
          "--report", "json",
        ], in: directory)
      #expect(run.status == 0, "\(run.stderr)")
      let report = try run.report()
      let best = try #require(report["best_epoch"]?.doubleValue.map { Int($0) })
      #expect(best > 0)
      #expect(report["epochs"]?.doubleValue == Double(best + 3))
      #expect(report["stopped_early"]?.boolValue == true)
      let curve = try #require(report["cost_curve"]?.arrayValue)
      let validation = try #require(report["validation_curve"]?.arrayValue)
      let epochs = { (points: [JSONValue]) in points.map { $0.arrayValue?.first?.doubleValue } }
      #expect(epochs(curve) == epochs(validation))
      #expect(epochs(curve).last == Double(best + 3))

      // The saved weights are those of a run of exactly `best` epochs.
      let exact = try Simdnet.run(
        Self.overshoot + ["--epochs", String(best), "--save", "exact.json", "--report", "json"],
        in: directory)
      #expect(exact.status == 0, "\(exact.stderr)")
      #expect(
        try WeightsFile.load(path: directory + "/best.json").isBitwiseIdentical(
          to: WeightsFile.load(path: directory + "/exact.json")))
      #expect(
        report["final_cost"]?.doubleValue?.bitPattern
          == (try exact.report())["final_cost"]?.doubleValue?.bitPattern)

      // The summary says so.
      let summary = try Simdnet.run(
        Self.overshoot + ["--validation", "validation.csv", "--patience", "3"], in: directory)
      #expect(summary.status == 0, "\(summary.stderr)")
      #expect(summary.stdout.contains("Validation cost "))
      #expect(summary.stdout.contains("lowest "))
      #expect(summary.stdout.contains("Stopped early"))
      #expect(summary.stdout.contains("Kept the weights of epoch \(best)."))
      let informational = try Simdnet.run(
        Self.overshoot + ["--validation", "validation.csv", "--epochs", "20"], in: directory)
      #expect(informational.stdout.contains("at epoch \(best)."), "\(informational.stdout)")
      #expect(informational.stdout.contains("Kept the last epoch's weights"))
    }
  }

  @Test("--export records the optimizer, its hyperparameters and early stopping")
  func provenance() throws {
    try withTemporaryDirectory { directory in
      for (name, text) in Self.files { try writeFile(text, named: name, in: directory) }
      let rprop = try Simdnet.run(
        [
          "train", "--data", "train.csv", "--init", "zero.json", "--optimizer", "rprop",
          "--rprop-max-step", "2", "--epochs", "10", "--export", "R.swift", "--name", "r",
        ], in: directory)
      #expect(rprop.status == 0, "\(rprop.stderr)")
      let source = try String(contentsOfFile: directory + "/R.swift", encoding: .utf8)
      for line in [
        "// optimizer:       rprop", "// rprop increase:  1.2", "// rprop decrease:  0.5",
        "// rprop initial step: 0.1", "// rprop max step:  2.0", "// rprop min step:  1e-06",
      ] {
        #expect(source.contains(line + "\n"), "missing \(line)")
      }
      #expect(!source.contains("learning rate"))

      let stopped = try Simdnet.run(
        Self.overshoot + [
          "--validation", "validation.csv", "--patience", "3", "--export", "S.swift", "--name",
          "s", "--report", "json",
        ], in: directory)
      #expect(stopped.status == 0, "\(stopped.stderr)")
      let best = try #require(try stopped.report()["best_epoch"]?.doubleValue.map { Int($0) })
      let header = try String(contentsOfFile: directory + "/S.swift", encoding: .utf8)
      for line in [
        "// optimizer:       batch", "// learning rate:   0.05", "// patience:        3",
        "// validation:      validation.csv", "// best epoch:      \(best)",
      ] {
        #expect(header.contains(line + "\n"), "missing \(line)")
      }
      #expect(header.contains("// validation sha256: "))
    }
  }
}

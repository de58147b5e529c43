import Foundation
import SIMDNet
import SIMDNetTool
import Testing

/// Reading the fixture manifest: a good entry becomes the training spec it
/// describes, and every kind of bad entry gives one exact line naming the
/// manifest, the line and column, the fixture and the key.
@Suite("Fixture manifest")
struct FixtureManifestTests {
  /// A valid one-entry manifest, one key per line, so that the cases below
  /// can change a single line and know where the error points:
  ///
  ///     line 4 "name", 5 "dataset", 6 "layers", 7 "activation",
  ///     8 "output_activation", 9 "loss", 10 "optimizer", 11 "learning_rate",
  ///     12 "epochs", 13 "seed", 14 "output"
  static let entryLines = [
    #""name": "xorNetwork","#,
    #""dataset": "Fixtures/xor.csv","#,
    #""layers": [2, 4, 1],"#,
    #""activation": "tanh","#,
    #""output_activation": "sigmoid","#,
    #""loss": "cross-entropy","#,
    #""optimizer": "batch","#,
    #""learning_rate": 0.5,"#,
    #""epochs": 2000,"#,
    #""seed": 1,"#,
    #""output": "Fixtures/Generated/XORNetwork.swift""#,
  ]

  /// The manifest text with `entries`, each a list of lines, indented as in
  /// the committed manifest (keys at column 7).
  static func manifest(_ entries: [[String]]) -> String {
    let objects = entries.map { lines in
      "    {\n" + lines.map { "      " + $0 }.joined(separator: "\n") + "\n    }"
    }
    return "{\n  \"fixtures\": [\n" + objects.joined(separator: ",\n") + "\n  ]\n}\n"
  }

  /// The base entry with the line for `key` replaced by `replacement`
  /// lines (none: removed), fixing up the trailing commas.
  static func entry(replacing key: String, with replacement: [String]) -> [String] {
    entry(replacing: [key: replacement])
  }

  /// The base entry with the line of each key replaced by its lines.
  static func entry(replacing replacements: [String: [String]]) -> [String] {
    var lines: [String] = []
    for line in entryLines {
      let key = line.split(separator: "\"")[0]
      if let replacement = replacements[String(key)] {
        lines += replacement
      } else {
        lines.append(line)
      }
    }
    return lines.enumerated().map { index, line in
      let bare = line.hasSuffix(",") ? String(line.dropLast()) : line
      return index == lines.count - 1 ? bare : bare + ","
    }
  }

  static func parse(_ text: String) throws(ToolError) -> Manifest {
    try Manifest.parse(Array(text.utf8), path: "manifest.json")
  }

  @Test("a valid entry becomes its training spec")
  func validEntry() throws {
    let manifest = try Self.parse(Self.manifest([Self.entryLines]))
    #expect(manifest.fixtures.count == 1)
    let entry = try #require(manifest.fixtures.first)
    #expect(entry.name == "xorNetwork")
    #expect(entry.dataset == "Fixtures/xor.csv")
    #expect(entry.output == "Fixtures/Generated/XORNetwork.swift")
    #expect(entry.format == nil && entry.outputs == nil)
    #expect(entry.line == 3)
    #expect(
      entry.spec
        == TrainingSpec(
          layers: [2, 4, 1], activation: .tanh, outputActivation: .sigmoid, loss: .crossEntropy,
          optimizer: .batch, shuffle: false, learningRate: 0.5, epochs: 2000, seed: 1))
  }

  @Test("optional keys: format, outputs, batch_size, shuffle, initial weights, description")
  func optionalKeys() throws {
    var lines = Self.entry(
      replacing: "optimizer",
      with: [#""optimizer": "minibatch","#, #""batch_size": 3,"#, #""shuffle": true,"#])
    lines.insert(#""description": "for people","#, at: 1)
    lines.insert(#""format": "csv", "outputs": 1,"#, at: 2)
    lines.insert(
      #""initial_weights": {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "#
        + #""weights": [[[1, 2], [3, 4], [5, 6], [7, 8]], [[-1, -2, -3, -4]]], "#
        + #""biases": [[0.5, 0, 0, 0], [-0.0]]},"#, at: 3)
    let entry = try #require(try Self.parse(Self.manifest([lines])).fixtures.first)
    #expect(entry.description == "for people")
    #expect(entry.format == .csv && entry.outputs == 1)
    #expect(entry.spec.optimizer == .minibatch && entry.spec.batchSize == 3)
    #expect(entry.spec.shuffle)
    let initial = try #require(entry.spec.initialWeights)
    #expect(
      initial.parameters.map(\.bitPattern).suffix(2) == [(-4.0).bitPattern, (-0.0).bitPattern])
    // The hidden activation stands for the output's when it is not given.
    let sigmoid = Self.entry(replacing: "output_activation", with: []).map {
      $0.hasPrefix("\"activation\"") ? #""activation": "sigmoid","# : $0
    }
    let plain = try Self.parse(Self.manifest([sigmoid]))
    #expect(plain.fixtures[0].spec.layerActivations == [.sigmoid, .sigmoid])
  }

  @Test("initial weights from a file, relative to the root")
  func initialWeightsFile() throws {
    try withTemporaryDirectory { root in
      let weights = try WeightsFile(
        layers: [2, 4, 1], activations: [.tanh, .sigmoid],
        weights: [[[1, 2], [3, 4], [5, 6], [7, 8]], [[-1, -2, -3, -4]]],
        biases: [[0.5, 0, 0, 0], [0.25]])
      try weights.save(to: root + "/start.json")
      let lines = Self.entry(
        replacing: "seed", with: [#""seed": 1,"#, #""initial_weights": "start.json""#])
      let manifest = try Manifest.parse(
        Array(Self.manifest([lines]).utf8), path: "manifest.json", root: root)
      #expect(manifest.fixtures[0].spec.initialWeights == weights)
      let missing = Self.entry(
        replacing: "seed", with: [#""seed": 1,"#, #""initial_weights": "nowhere.json""#])
      #expect(
        toolErrorMessage { () throws(ToolError) in
          _ = try Manifest.parse(
            Array(Self.manifest([missing]).utf8), path: "manifest.json", root: root)
        }
          == "manifest.json:14:26: fixture xorNetwork: \"initial_weights\": \(root)/nowhere.json: "
          + "no such file")
    }
  }

  @Test("the committed manifest lists the four fixtures")
  func committedManifest() throws {
    let root = SwiftExportCompileTests.packageRoot.path
    let manifest = try Manifest.load(path: root + "/Fixtures/manifest.json", root: root)
    #expect(
      manifest.fixtures.map(\.name) == ["orNeuron", "andNeuron", "xorNetwork", "irisNetwork"])
    let or = manifest.fixtures[0].spec
    #expect(or.initialWeights?.parameters == [0.1, 0.6, 0])
    #expect(or.learningRate == 1 && or.epochs == 5000 && or.optimizer == .batch)
    #expect(or.activation == .sigmoid && or.loss == .halfSquaredError)
  }

  @Test("momentum, rprop and adam, with their hyperparameters")
  func optimizers() throws {
    let momentum = try Self.parse(
      Self.manifest([
        Self.entry(
          replacing: "optimizer",
          with: [#""optimizer": "momentum","#, #""batch_size": 2,"#, #""momentum": 0.5,"#])
      ])
    ).fixtures[0].spec
    #expect(momentum.optimizer == .momentum && momentum.batchSize == 2)
    #expect(momentum.hyperparameters == [.momentum: 0.5] && momentum.learningRate == 0.5)

    let adam = try Self.parse(
      Self.manifest([
        Self.entry(
          replacing: "optimizer",
          with: [#""optimizer": "adam","#, #""batch_size": 8,"#, #""adam_epsilon": 1e-6,"#])
      ])
    ).fixtures[0].spec
    #expect(adam.optimizer == .adam && adam.batchSize == 8 && adam.batching == .miniBatch(size: 8))
    #expect(adam.hyperparameters == [.adamEpsilon: 1e-6])
    #expect(adam.value(of: .adamBeta1) == 0.9 && adam.value(of: .adamBeta2) == 0.999)

    // rprop has no learning rate, and every step key.
    let rprop = try Self.parse(
      Self.manifest([
        Self.entry(replacing: [
          "optimizer": [
            #""optimizer": "rprop", "rprop_increase": 1.3, "rprop_decrease": 0.4,"#,
            #""rprop_initial_step": 0.2, "rprop_max_step": 10, "rprop_min_step": 1e-5,"#,
          ],
          "learning_rate": [],
        ])
      ])
    ).fixtures[0].spec
    #expect(rprop.optimizer == .rprop && rprop.learningRate == nil)
    #expect(
      rprop.hyperparameters == [
        .rpropIncrease: 1.3, .rpropDecrease: 0.4, .rpropInitialStep: 0.2, .rpropMaxStep: 10,
        .rpropMinStep: 1e-5,
      ])
    let expected = try RPROP(
      increaseFactor: 1.3, decreaseFactor: 0.4, initialStep: 0.2, maxStep: 10, minStep: 1e-5)
    #expect(rprop.kernelOptimizer == .rprop(expected))
  }

  /// Each bad entry (the base entry with one line changed) and its message.
  @Test("table keys: label, targets, features and scale, as the train flags")
  func tableKeys() throws {
    let labelled = Self.entry(
      replacing: "dataset",
      with: [
        #""dataset": "Fixtures/xor.csv","#, #""label": "y","#, #""features": ["b", "a"],"#,
        #""scale": "standard","#,
      ])
    let entry = try #require(try Self.parse(Self.manifest([labelled])).fixtures.first)
    #expect(entry.columns == TableColumns(label: "y", features: ["b", "a"]))
    #expect(entry.scale == .standard)
    let regression = Self.entry(
      replacing: "dataset",
      with: [
        #""dataset": "Fixtures/xor.csv","#, #""targets": ["y", "z"],"#, #""scale": "minmax","#,
      ])
    let other = try #require(try Self.parse(Self.manifest([regression])).fixtures.first)
    #expect(other.columns == TableColumns(targets: ["y", "z"]))
    #expect(other.scale == .minmax)
    let plain = try #require(try Self.parse(Self.manifest([Self.entryLines])).fixtures.first)
    #expect(plain.columns == nil && plain.scale == nil)
  }

  /// The base entry with `lines` after its dataset (line 5), from line 6.
  static func afterDataset(_ lines: [String]) -> [String] {
    entry(replacing: "dataset", with: [#""dataset": "Fixtures/xor.csv","#] + lines)
  }

  static let badEntries: [(lines: [String], message: String)] = [
    (
      afterDataset([#""label": "y","#, #""outputs": 1,"#]),
      #"manifest.json:7:18: fixture xorNetwork: "outputs" counts the last columns of a numeric "#
        + #"CSV file; with "label" the columns are named instead"#
    ),
    (
      afterDataset([#""scale": "z","#]),
      #"manifest.json:6:16: fixture xorNetwork: unknown "scale" "z"; expected standard, "#
        + "minmax or none"
    ),
    (
      afterDataset([#""label": "y","#, #""features": ["a", "a"],"#]),
      #"manifest.json:7:25: fixture xorNetwork: features[1] names the column "a" twice"#
    ),
    (
      afterDataset([#""label": "y","#, #""targets": ["y"],"#]),
      #"manifest.json:7:18: fixture xorNetwork: "label" and "targets" both name targets; give "#
        + "one (a label for classes, targets for numbers)"
    ),
    (
      afterDataset([#""features": ["a"],"#]),
      #"manifest.json:6:19: fixture xorNetwork: "features" picks a table's inputs; give "label" "#
        + #"or "targets" too"#
    ),
    (
      afterDataset([#""format": "fann","#, #""label": "y","#]),
      #"manifest.json:7:16: fixture xorNetwork: "label", "targets" and "features" read CSV "#
        + "tables, not FANN files"
    ),
    (
      entry(replacing: "epochs", with: [#""epochs": 2000,"#, #""learningrate": 0.5,"#]),
      #"manifest.json:13:23: fixture xorNetwork: unknown key "learningrate"; the keys are "#
        + "name, description, dataset, format, outputs, label, targets, features, scale, layers, "
        + "activation, output_activation, "
        + "loss, optimizer, batch_size, momentum, rprop_increase, rprop_decrease, "
        + "rprop_initial_step, rprop_max_step, rprop_min_step, adam_beta1, adam_beta2, "
        + "adam_epsilon, shuffle, learning_rate, epochs, seed, initial_weights, output"
    ),
    (
      entry(replacing: "epochs", with: []),
      #"manifest.json:3:5: fixture xorNetwork: missing "epochs""#
    ),
    (
      entry(replacing: "name", with: []),
      #"manifest.json:3:5: fixtures[0]: missing "name""#
    ),
    (
      entry(replacing: "epochs", with: [#""epochs": "2000""#]),
      #"manifest.json:12:17: fixture xorNetwork: "epochs" must be a whole number, at least 1, "#
        + #"not "2000""#
    ),
    (
      entry(replacing: "epochs", with: [#""epochs": 2e3"#]),
      #"manifest.json:12:17: fixture xorNetwork: "epochs" must be a whole number, at least 1, "#
        + "not 2e3"
    ),
    (
      entry(replacing: "epochs", with: [#""epochs": 0"#]),
      #"manifest.json:12:17: fixture xorNetwork: "epochs" must be a whole number, at least 1, "#
        + "not 0"
    ),
    (
      entry(replacing: "activation", with: [#""activation": "sigmoidal""#]),
      #"manifest.json:7:21: fixture xorNetwork: unknown "activation" "sigmoidal"; expected "#
        + "sigmoid, sigmoid-table, tanh, relu, linear or softmax"
    ),
    (
      entry(replacing: "activation", with: [#""activation": "softmax""#]),
      #"manifest.json:7:21: fixture xorNetwork: "activation" "softmax": softmax is an "#
        + #"output-layer activation; a hidden layer cannot use it; give it as "output_activation""#
    ),
    (
      entry(replacing: "output_activation", with: [#""output_activation": 1"#]),
      #"manifest.json:8:28: fixture xorNetwork: "output_activation" must be a string"#
    ),
    (
      entry(replacing: "loss", with: [#""loss": "mse""#]),
      #"manifest.json:9:15: fixture xorNetwork: unknown "loss" "mse"; expected half-squared "#
        + "or cross-entropy"
    ),
    (
      entry(replacing: "optimizer", with: [#""optimizer": "nesterov""#]),
      #"manifest.json:10:20: fixture xorNetwork: unknown "optimizer" "nesterov"; expected "#
        + "batch, minibatch, sgd, momentum, rprop or adam"
    ),
    (
      entry(replacing: "name", with: [#""name": "xor-network""#]),
      #"manifest.json:4:15: fixtures[0]: "name": "xor-network" is not a Swift identifier: "#
        + "use letters, digits and _, not starting with a digit"
    ),
    (
      entry(replacing: "name", with: [#""name": "class""#]),
      #"manifest.json:4:15: fixtures[0]: "name": "class" is a Swift keyword; choose another "#
        + "name (or add a prefix, as in classNetwork)"
    ),
    (
      entry(replacing: "name", with: [#""name": 7"#]),
      #"manifest.json:4:15: fixtures[0]: "name" must be a string (the Swift constant's name)"#
    ),
    (
      entry(replacing: "layers", with: [#""layers": [2, 100000000, 1]"#]),
      #"manifest.json:6:17: fixture xorNetwork: "layers": layer 1 has "#
        + "100000000 units; a layer has 1 to 65536"
    ),
    (
      entry(replacing: "layers", with: [#""layers": [2, 0, 1]"#]),
      #"manifest.json:6:21: fixture xorNetwork: layers[1] must be a whole number of units, "#
        + "at least 1, not 0"
    ),
    (
      entry(replacing: "layers", with: [#""layers": "2,4,1""#]),
      #"manifest.json:6:17: fixture xorNetwork: "layers" must be an array of widths, inputs "#
        + "first, such as [2, 4, 1]"
    ),
    (
      entry(replacing: "learning_rate", with: [#""learning_rate": -0.5"#]),
      #"manifest.json:11:24: fixture xorNetwork: "learning_rate" must be a positive number, "#
        + "not -0.5"
    ),
    (
      entry(replacing: "seed", with: [#""seed": -1"#]),
      #"manifest.json:13:15: fixture xorNetwork: "seed" must be a whole number from 0 to "#
        + "18446744073709551615, not -1"
    ),
    (
      entry(replacing: "optimizer", with: [#""optimizer": "minibatch""#]),
      #"manifest.json:3:5: fixture xorNetwork: the minibatch optimizer needs "batch_size""#
    ),
    (
      entry(replacing: "optimizer", with: [#""optimizer": "sgd""#, #""batch_size": 4"#]),
      #"manifest.json:11:21: fixture xorNetwork: "batch_size" applies only to the minibatch, "#
        + "momentum or adam optimizer, not sgd"
    ),
    (
      entry(replacing: [
        "optimizer": [#""optimizer": "rprop","#, #""batch_size": 4,"#], "learning_rate": [],
      ]),
      #"manifest.json:11:21: fixture xorNetwork: "batch_size" applies only to the minibatch, "#
        + "momentum or adam optimizer, not rprop"
    ),
    (
      entry(
        replacing: "optimizer",
        with: [#""optimizer": "adam", "batch_size": 8"#, #""momentum": 0.5"#]),
      #"manifest.json:11:19: fixture xorNetwork: "momentum" applies only to the momentum "#
        + "optimizer, not adam"
    ),
    (
      entry(
        replacing: "optimizer",
        with: [#""optimizer": "momentum", "batch_size": 8"#, #""momentum": 1"#]),
      #"manifest.json:11:19: fixture xorNetwork: "momentum" must be in [0, 1), not 1.0"#
    ),
    (
      entry(
        replacing: "optimizer",
        with: [#""optimizer": "momentum", "batch_size": 8"#, #""momentum": "0.9""#]),
      #"manifest.json:11:19: fixture xorNetwork: "momentum" must be a number, not "0.9""#
    ),
    (
      entry(
        replacing: "optimizer",
        with: [#""optimizer": "adam", "batch_size": 8"#, #""adam_epsilon": 0"#]),
      #"manifest.json:11:23: fixture xorNetwork: "adam_epsilon" must be a positive finite "#
        + "number, not 0.0"
    ),
    (
      entry(
        replacing: "optimizer",
        with: [#""optimizer": "adam", "batch_size": 8"#, #""adam_beta2": 1"#]),
      #"manifest.json:11:21: fixture xorNetwork: "adam_beta2" must be in [0, 1), not 1.0"#
    ),
    (
      entry(replacing: "optimizer", with: [#""optimizer": "rprop""#]),
      #"manifest.json:11:24: fixture xorNetwork: rprop does not use a learning rate (leave "#
        + #"out "learning_rate"); its steps are set by "rprop_initial_step", "#
        + #""rprop_min_step" and "rprop_max_step""#
    ),
    (
      entry(replacing: [
        "optimizer": [#""optimizer": "rprop","#, #""rprop_min_step": 0.5,"#],
        "learning_rate": [],
      ]),
      #"manifest.json:11:25: fixture xorNetwork: "rprop_min_step" 0.5 is above "#
        + #""rprop_initial_step" 0.1 (the default); rprop's steps must satisfy "#
        + "0 < Δmin ≤ Δ0 ≤ Δmax < ∞"
    ),
    (
      entry(replacing: [
        "optimizer": [#""optimizer": "rprop","#, #""rprop_increase": 1,"#],
        "learning_rate": [],
      ]),
      #"manifest.json:11:25: fixture xorNetwork: "rprop_increase" must be a finite number "#
        + "above 1, not 1.0"
    ),
    (
      entry(replacing: [
        "optimizer": [#""optimizer": "adam", "batch_size": 8,"#],
        "learning_rate": [],
      ]),
      #"manifest.json:3:5: fixture xorNetwork: missing "learning_rate""#
    ),
    (
      entry(replacing: "optimizer", with: [#""optimizer": "adam","#]),
      #"manifest.json:3:5: fixture xorNetwork: the adam optimizer needs "batch_size""#
    ),
    (
      entry(replacing: "optimizer", with: [#""optimizer": "batch""#, #""shuffle": "yes""#]),
      #"manifest.json:11:18: fixture xorNetwork: "shuffle" must be true or false"#
    ),
    (
      entry(replacing: "dataset", with: [#""dataset": "/home/me/xor.csv""#]),
      #"manifest.json:5:18: fixture xorNetwork: "dataset" must be relative to the package "#
        + #"root, not absolute: "/home/me/xor.csv""#
    ),
    (
      entry(replacing: "dataset", with: [#""dataset": "../xor.csv""#]),
      #"manifest.json:5:18: fixture xorNetwork: "dataset" must stay inside the package root "#
        + #"(no ..): "../xor.csv""#
    ),
    (
      entry(replacing: "seed", with: [#""seed": 1,"#, #""format": "tsv""#]),
      #"manifest.json:14:17: fixture xorNetwork: "format" must be "csv" or "fann", not "tsv""#
    ),
    (
      entry(replacing: "output", with: [#""output": "Fixtures/Generated/XOR.json""#]),
      #"manifest.json:14:17: fixture xorNetwork: "output" must name a .swift file, not "#
        + #""Fixtures/Generated/XOR.json""#
    ),
    (
      entry(replacing: "output_activation", with: [#""output_activation": "relu""#]),
      "manifest.json:3:5: fixture xorNetwork: cross-entropy needs outputs in (0, 1): use a "
        + "sigmoid, sigmoid-table or softmax output activation, not relu"
    ),
    (
      entry(
        replacing: "seed",
        with: [
          #""seed": 1,"#,
          #""initial_weights": {"layers": [2, 1], "#
            + #""activations": ["sigmoid"], "weights": [[[0.1, 0.6]]], "biases": [[0]]}"#,
        ]),
      #"manifest.json:14:26: fixture xorNetwork: "initial_weights" are for a 2-1 network, "#
        + "but \"layers\" is 2-4-1"
    ),
    (
      entry(
        replacing: "seed",
        with: [
          #""seed": 1,"#,
          #""initial_weights": {"layers": [2, 4, 1], "#
            + #""activations": ["tanh", "sigmoid"], "weights": [[[1, 2]], [[1, 2, 3, 4]]], "#
            + #""biases": [[0, 0, 0, 0], [0]]}"#,
        ]),
      #"manifest.json:14:96: fixture xorNetwork: "initial_weights": weights[0] has 1 row; "#
        + "expected 4 (layer 1 has 4 units)"
    ),
    (
      entry(replacing: "seed", with: [#""seed": 1,"#, #""initial_weights": 3"#]),
      #"manifest.json:14:26: fixture xorNetwork: "initial_weights" must be a weights-file "#
        + "object or the path of a weights file"
    ),
  ]

  @Test("each bad entry gives one exact line", arguments: badEntries.indices)
  func badEntry(_ index: Int) {
    let (lines, message) = Self.badEntries[index]
    let error = toolErrorMessage { () throws(ToolError) in
      _ = try Self.parse(Self.manifest([lines]))
    }
    #expect(error == message)
    #expect(error?.contains("\n") == false)
  }

  @Test("duplicate names and outputs name both fixtures")
  func duplicates() {
    let other = Self.entry(
      replacing: "output", with: [#""output": "Fixtures/Generated/Other.swift""#])
    #expect(
      toolErrorMessage { () throws(ToolError) in
        _ = try Self.parse(Self.manifest([Self.entryLines, other]))
      }
        == "manifest.json:17:15: fixture xorNetwork: duplicate name; fixtures[0] (line 3) is "
        + "also called xorNetwork")
    let renamed = Self.entry(replacing: "name", with: [#""name": "otherNetwork""#])
    // `./` and doubled slashes do not make a different file.
    let sameFile = renamed.map {
      $0.hasPrefix("\"output\"") ? #""output": "./Fixtures//Generated/XORNetwork.swift""# : $0
    }
    #expect(
      toolErrorMessage { () throws(ToolError) in
        _ = try Self.parse(Self.manifest([Self.entryLines, sameFile]))
      }
        == #"manifest.json:27:17: fixture otherNetwork: "output" "#
        + #""./Fixtures//Generated/XORNetwork.swift" is also fixture xorNetwork's output"#)
  }

  @Test("the manifest's own shape: object, fixtures, entries, JSON syntax")
  func manifestShape() {
    let cases: [(String, String)] = [
      ("[]", #"manifest.json:1:1: expected a JSON object with "fixtures", a list of fixtures"#),
      ("{}", #"manifest.json:1:1: missing "fixtures", the list of fixtures"#),
      (
        #"{"fixtures": [], "version": 1}"#,
        #"manifest.json:1:29: unknown key "version"; a manifest has only "fixtures""#
      ),
      (#"{"fixtures": []}"#, #"manifest.json:1:14: "fixtures" lists no fixtures"#),
      (
        #"{"fixtures": {}}"#,
        #"manifest.json:1:14: "fixtures" must be an array of fixture objects"#
      ),
      (#"{"fixtures": [1]}"#, "manifest.json:1:15: fixtures[0] must be an object"),
      (
        #"{"fixtures": [{},]}"#,
        "manifest.json:1:18: expected a JSON value, found ']'"
      ),
      ("", "manifest.json:1:1: empty file; expected a JSON value"),
    ]
    for (text, message) in cases {
      #expect(
        toolErrorMessage { () throws(ToolError) in _ = try Self.parse(text) } == message, "\(text)")
    }
  }

  @Test("a missing manifest says where it looked and what to do")
  func missingManifest() {
    #expect(
      toolErrorMessage { () throws(ToolError) in
        _ = try Manifest.load(path: "/nonexistent/Fixtures/manifest.json")
      }
        == "/nonexistent/Fixtures/manifest.json: cannot read the fixture manifest: no such "
        + "file (run from the package root, or give --manifest PATH or --root DIR)")
  }
}

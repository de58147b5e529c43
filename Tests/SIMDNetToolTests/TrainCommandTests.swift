import Foundation
import SIMDNet
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// `simdnet train` as a user runs it: the built executable in a scratch
/// directory.
@Suite("simdnet train")
struct TrainCommandTests {
  @Test(
    "eight hidden layers: trained by the run-time network, the same bits as the kernel's Stacks")
  func deep() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let run = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,3,3,3,3,3,3,3,3,1", "--activation", "tanh",
          "--epochs", "50", "--seed", "3", "--save", "w.json", "--quiet",
        ], in: directory)
      #expect(run.status == 0, "\(run.stderr)")
      let saved = try WeightsFile.load(path: directory + "/w.json")
      #expect(saved.layers == [2, 3, 3, 3, 3, 3, 3, 3, 3, 1])

      // The same run, written out by hand in the kernel's compile-time
      // types: Xavier weights from the seed, 50 batch epochs at α 0.7.
      typealias Hidden = Layer<3, 3>
      typealias Net = Stack<
        Layer<2, 3>,
        Stack<
          Hidden,
          Stack<
            Hidden,
            Stack<
              Hidden, Stack<Hidden, Stack<Hidden, Stack<Hidden, Stack<Hidden, Layer<3, 1>>>>>
            >
          >
        >
      >
      var generator = MersenneTwister(seed: 3)
      var network = Net(activations: Array(repeating: .tanh, count: 9)[...])
      network.initialize(.xavier, using: &generator)
      var data = Dataset<Net.Input, Net.Output>(
        inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]])
      var training = Training(network: network, learningRate: 0.7)
      training.run(epochs: 50, on: &data)
      #expect(saved.parameters.map(\.bitPattern) == training.network.parameters.map(\.bitPattern))
    }
  }

  @Test("--report json is one JSON object with every key, agreeing with --save")
  func report() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let run = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,4,1", "--learning-rate", "2",
          "--epochs", "3000", "--seed", "2", "--save", "w.json", "--report", "json",
        ], in: directory)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stderr.isEmpty)
      let report = try run.report()
      for key in ["epochs", "final_cost", "cost_curve", "train_accuracy", "seconds", "weights"] {
        #expect(report[key] != nil, "missing \(key)")
      }
      #expect(report["epochs"]?.doubleValue == 3000)
      #expect(report["train_accuracy"]?.doubleValue == 1)
      let curve = try #require(report["cost_curve"]?.arrayValue)
      #expect(curve.count == 101)
      let points = curve.map { $0.arrayValue?.compactMap(\.doubleValue) ?? [] }
      #expect(points.allSatisfy { $0.count == 2 }, "cost_curve is not [[epoch, cost], …]")
      #expect(points.first?.first == 0 && points.last?.first == 3000)
      #expect(points.last?.last == report["final_cost"]?.doubleValue)
      #expect(report["seconds"]?.doubleValue.map { $0 >= 0 } == true)

      let saved = try WeightsFile.load(path: directory + "/w.json")
      #expect(
        try WeightsFile(json: report["weights"]!, path: "report").isBitwiseIdentical(to: saved))
      // The same command gives the same weights file, byte for byte.
      _ = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,4,1", "--learning-rate", "2",
          "--epochs", "3000", "--seed", "2", "--save", "again.json", "--quiet",
        ], in: directory)
      #expect(
        FileManager.default.contents(atPath: directory + "/w.json")
          == FileManager.default.contents(atPath: directory + "/again.json"))
    }
  }

  @Test("train → --save → evaluate → predict agree with each other and with the kernel")
  func roundTrip() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
      let train = try Simdnet.run(
        [
          "train", "--data", "or.csv", "--layers", "2,1", "--learning-rate", "1",
          "--epochs", "2000", "--save", "or.json", "--report", "json",
        ], in: directory)
      #expect(train.status == 0, "\(train.stderr)")
      let evaluate = try Simdnet.run(
        ["evaluate", "--weights", "or.json", "--data", "or.csv", "--report", "json"],
        in: directory)
      #expect(evaluate.status == 0, "\(evaluate.stderr)")
      let trained = try train.report()
      let evaluated = try evaluate.report()
      #expect(evaluated.keys?.starts(with: ["cost", "accuracy", "examples"]) == true)
      #expect(
        trained["final_cost"]?.doubleValue?.bitPattern
          == evaluated["cost"]?.doubleValue?.bitPattern)
      #expect(evaluated["examples"]?.doubleValue == 4)
      #expect(evaluated["accuracy"]?.doubleValue == 1)
      #expect(trained["train_accuracy"]?.doubleValue == 1)

      let inputs = [[0.0, 0.0], [0, 1], [1, 0], [1, 1], [0.25, -3.5]]
      let predict = try Simdnet.run(
        ["predict", "--weights", "or.json"], in: directory,
        stdin: inputs.map { "\($0[0]), \($0[1])" }.joined(separator: "\n") + "\n")
      #expect(predict.status == 0, "\(predict.stderr)")
      let neuron = try WeightsFile.load(path: directory + "/or.json").network(
        as: Layer<2, 1>.self)
      let printed = predict.stdout.split(separator: "\n").map { Double(String($0)) }
      #expect(printed.count == inputs.count)
      for (line, input) in zip(printed, inputs) {
        #expect(line?.bitPattern == neuron.predict([input[0], input[1]])[0].bitPattern)
      }
    }
  }

  @Test("--export writes the Swift constant with its provenance, and --save the weights")
  func export() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let run = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,3,1", "--activation", "tanh",
          "--output-activation", "sigmoid", "--loss", "cross-entropy", "--optimizer",
          "minibatch", "--batch-size", "2", "--shuffle", "--epochs", "50", "--seed", "7",
          "--export", "XOR.swift", "--name", "xorNetwork", "--save", "xor.json",
        ], in: directory)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains("xorNetwork"))
      let source = try String(contentsOfFile: directory + "/XOR.swift", encoding: .utf8)
      #expect(source.hasPrefix("// swift-format-ignore-file\n"))
      for line in [
        "public let xorNetwork: MLP1<2, 3, 1> = Stack(", "// loss:            cross-entropy",
        "// optimizer:       minibatch", "// batch size:      2", "// seed:            7",
        "// epochs:          50",
      ] {
        #expect(source.contains(line), "missing \(line)")
      }
      let weights = try WeightsFile.load(path: directory + "/xor.json")
      #expect(weights.activations == [.tanh, .sigmoid])
    }
  }

  @Test("--init starts from a weights file; left-out activations come from it")
  func initialWeights() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
      let start = try WeightsFile(
        layers: [2, 1], activations: [.tanh], weights: [[[0.1, 0.6]]], biases: [[0]])
      try start.save(to: directory + "/start.json")
      let run = try Simdnet.run(
        [
          "train", "--data", "or.csv", "--init", "start.json", "--epochs", "0", "--save",
          "same.json", "--quiet",
        ], in: directory)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.isEmpty)
      #expect(try WeightsFile.load(path: directory + "/same.json").isBitwiseIdentical(to: start))

      // Training on from saved weights may replace them.
      let resume = try Simdnet.run(
        [
          "train", "--data", "or.csv", "--init", "same.json", "--epochs", "5", "--save",
          "same.json", "--quiet",
        ], in: directory)
      #expect(resume.status == 0, "\(resume.stderr)")
      #expect(try !WeightsFile.load(path: directory + "/same.json").isBitwiseIdentical(to: start))
    }
  }

  @Test("training that diverges names the epoch and leaves an existing --save file as it was")
  func divergenceKeepsFiles() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let previous = "{\"previous\": true}\n"
      try writeFile(previous, named: "w.json", in: directory)
      let run = try Simdnet.run(
        [
          "train", "--data", "xor.csv", "--layers", "2,1", "--activation", "linear",
          "--learning-rate", "1e6", "--save", "w.json", "--export", "w.swift", "--name", "w",
        ], in: directory)
      Simdnet.expectOneLineError(run, "training diverged at epoch ")
      #expect(try String(contentsOfFile: directory + "/w.json", encoding: .utf8) == previous)
      #expect(!FileManager.default.fileExists(atPath: directory + "/w.swift"))
      let left = try FileManager.default.contentsOfDirectory(atPath: directory)
      #expect(Set(left) == ["xor.csv", "w.json"], "temporary files left: \(left)")
    }
  }

  @Test("without --report, a short summary; with --quiet, nothing")
  func summary() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
      let run = try Simdnet.run(
        ["train", "--data", "or.csv", "--layers", "2,1", "--epochs", "10"], in: directory)
      #expect(run.status == 0)
      #expect(run.stdout.hasPrefix("Trained a 2-1 network (sigmoid) on or.csv (4 examples)"))
      #expect(run.stderr.isEmpty, "no progress line when stderr is not a terminal")
      let quiet = try Simdnet.run(
        ["train", "--data", "or.csv", "--layers", "2,1", "--epochs", "10", "--quiet"],
        in: directory)
      #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }
  }
}

/// A softmax classifier through the tool: train, evaluate, predict, gradcheck.
@Suite("simdnet train: softmax")
struct TrainSoftmaxCommandTests {
  /// Three classes of two inputs, blobs around three centres, one-hot
  /// targets, from a fixed seed.
  static func blobs(count: Int, seed: UInt64) -> String {
    var random = SplitMix64(state: seed)
    let centres: [(Double, Double)] = [(-1, -1), (1, -0.5), (0, 1.2)]
    var lines = ["x1,x2,a,b,c"]
    for n in 0..<count {
      let c = n % 3
      let x = centres[c].0 + random.uniform(-0.45, 0.45)
      let y = centres[c].1 + random.uniform(-0.45, 0.45)
      lines.append("\(x),\(y)," + (0..<3).map { $0 == c ? "1" : "0" }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test("--output-activation softmax --loss cross-entropy learns three classes")
  func threeClasses() throws {
    try withTemporaryDirectory { directory in
      try writeFile(Self.blobs(count: 60, seed: 5), named: "train.csv", in: directory)
      try writeFile(Self.blobs(count: 30, seed: 6), named: "test.csv", in: directory)
      let train = try Simdnet.run(
        [
          "train", "--data", "train.csv", "--outputs", "3", "--layers", "2,6,3", "--activation",
          "tanh", "--output-activation", "softmax", "--loss", "cross-entropy", "--optimizer",
          "rprop", "--epochs", "100", "--save", "w.json", "--report", "json",
        ], in: directory)
      #expect(train.status == 0, "\(train.stderr)")
      let report = try train.report()
      #expect((report["train_accuracy"]?.doubleValue ?? 0) >= 0.95)
      let saved = try WeightsFile.load(path: directory + "/w.json")
      #expect(saved.activations == [.tanh, .softmax])

      let evaluate = try Simdnet.run(
        [
          "evaluate", "--weights", "w.json", "--data", "test.csv", "--outputs", "3", "--loss",
          "cross-entropy", "--report", "json",
        ], in: directory)
      #expect(evaluate.status == 0, "\(evaluate.stderr)")
      #expect((try evaluate.report()["accuracy"]?.doubleValue ?? 0) >= 0.9)

      let gradcheck = try Simdnet.run(
        [
          "gradcheck", "--weights", "w.json", "--data", "test.csv", "--outputs", "3", "--loss",
          "cross-entropy",
        ], in: directory)
      #expect(gradcheck.status == 0, "\(gradcheck.stdout)\(gradcheck.stderr)")

      // predict: probabilities that sum to 1, the kernel's bits.
      let network = try DynamicNetwork(saved)
      let predict = try Simdnet.run(
        ["predict", "--weights", "w.json"], in: directory, stdin: "-1,-1\n0,1.2\n")
      #expect(predict.status == 0, "\(predict.stderr)")
      let rows = predict.stdout.split(separator: "\n").map {
        $0.split(separator: ",").compactMap { Double(String($0)) }
      }
      #expect(
        rows.map { $0.map(\.bitPattern) }
          == [[-1, -1], [0, 1.2]].map {
            network.predict($0).map(\.bitPattern)
          })
      #expect(network.classify([-1, -1]) == 0 && network.classify([0, 1.2]) == 2)
    }
  }
}

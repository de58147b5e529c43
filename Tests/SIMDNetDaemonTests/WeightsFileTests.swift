import Foundation
import SIMDNet
import SIMDNetDaemon
import SIMDNetTool
import Testing

/// A temporary folder for one test's weights and state files.
final class Scratch {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "simdnetd-files-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A weights file of `layers` with seeded random parameters.
func randomWeights(_ layers: [Int], _ activations: [Activation], seed: UInt64) throws
  -> WeightsFile
{
  var generator = MersenneTwister(seed: seed)
  let weights = (1..<layers.count).map { l in
    (0..<layers[l]).map { _ in (0..<layers[l - 1]).map { _ in generator.flat(from: -2, to: 2) } }
  }
  let biases = (1..<layers.count).map { l in
    (0..<layers[l]).map { _ in generator.flat(from: -1, to: 1) }
  }
  return try WeightsFile(layers: layers, activations: activations, weights: weights, biases: biases)
}

/// Writes `text` to `path` the way an operator's deploy should: a
/// temporary file renamed over it.
func install(_ text: String, at path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
}

/// What `simdnet predict --weights path` answers for each of `examples`.
/// With `classOutputs`, for a network with classes and that many outputs:
/// the outputs after the class name (`--probabilities`).
func simdnetPredict(
  _ path: String, _ examples: [[Double]], classOutputs: Int? = nil
) throws -> [[Double]] {
  let input = examples.map(requestLine).joined(separator: "\n") + "\n"
  let result = try run(
    simdnetExecutable,
    ["predict", "--weights", path] + (classOutputs == nil ? [] : ["--probabilities"]),
    input: Array(input.utf8))
  guard result.status == 0 else { throw TestError("simdnet predict failed: \(result.errors)") }
  return try lines(result.output).lines.map { line in
    // The class name is the first field; it may be quoted and hold commas.
    let numbers =
      classOutputs.map { line.split(separator: ",").suffix($0).joined(separator: ",") } ?? line
    guard let values = parseOutputs(numbers) else {
      throw TestError("simdnet predict said \(line)")
    }
    return values
  }
}

/// `sha256sum`'s digest of the file at `path`.
func sha256sum(_ path: String) throws -> String {
  let result = try run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [path], input: [])
  return String(decoding: result.output.prefix(64), as: UTF8.self)
}

/// The daemon's answers to `examples`, one request each.
func predictions(_ client: Client, _ examples: [[Double]]) throws -> [[Double]] {
  try examples.map {
    let reply = try client.request(requestLine($0))
    guard let values = parseOutputs(reply) else { throw TestError("the daemon said \(reply)") }
    return values
  }
}

func bits(_ values: [[Double]]) -> [[UInt64]] { values.map { $0.map(\.bitPattern) } }

/// Learning steps on a weights file's network done by the kernel itself: the
/// daemon's `learn` must give these bits.
struct KernelLearner {
  var training: Training<DynamicNetwork>

  init(_ weights: WeightsFile, loss: Loss = .halfSquaredError, learningRate: Double) throws {
    training = Training(
      network: try DynamicNetwork(weights), loss: loss, learningRate: learningRate,
      batching: .stochastic)
  }

  mutating func learn(_ x: [Double], _ y: [Double]) {
    var data = Dataset<LaneArray, LaneArray>(
      count: 1, inputWidth: x.count, targetWidth: y.count, example: { _ in (x, y) })
    training.runEpoch(on: &data)
  }

  func predict(_ examples: [[Double]]) -> [[Double]] {
    examples.map { training.network.predict($0) }
  }
}

/// `simdnetd --weights`: a weights file served, reloaded, learned and kept.
@Suite("simdnetd --weights")
struct WeightsFileTests {
  @Test("a weights file's predictions are simdnet predict's bits; model names it")
  func predictionsAndModel() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    try randomWeights([3, 5, 2], [.tanh, .sigmoid], seed: 1).save(to: path)
    let daemon = try Daemon(["--weights", path])
    let client = try daemon.connect()
    var inputs = InputGenerator(seed: 2)
    let examples = (0..<300).map { _ in inputs.next(3) }
    let expected = try simdnetPredict(path, examples)
    #expect(expected.count == examples.count)
    #expect(bits(try predictions(client, examples)) == bits(expected))
    let model = try client.request("model")
    #expect(model.contains("shape 3-5-2 "), "\(model)")
    #expect(model.contains("sha256 \(try sha256sum(path)) "), "\(model)")
    #expect(model.contains(" source weights "), "\(model)")
    #expect(model.hasSuffix(" learned 0"), "\(model)")
    #expect(try client.request("1,2") == "error: expected 3 inputs, found 2")
    #expect(daemon.terminate() == 0)
  }

  @Test("SIGHUP serves a new file; a corrupt, wrong-shaped or missing one leaves the old serving")
  func reload() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let first = scratch.file("first.json")
    let second = scratch.file("second.json")
    try randomWeights([2, 3, 1], [.sigmoid, .sigmoid], seed: 3).save(to: first)
    try randomWeights([2, 6, 1], [.relu, .sigmoid], seed: 4).save(to: second)
    try FileManager.default.copyItem(atPath: first, toPath: path)
    var inputs = InputGenerator(seed: 5)
    let examples = (0..<100).map { _ in inputs.next(2) }
    let firstAnswers = try simdnetPredict(first, examples)
    let secondAnswers = try simdnetPredict(second, examples)
    #expect(bits(firstAnswers) != bits(secondAnswers))

    let daemon = try Daemon(["--weights", path])
    let client = try daemon.connect()
    #expect(bits(try predictions(client, examples)) == bits(firstAnswers))

    try install(String(contentsOfFile: second, encoding: .utf8), at: path)
    #expect(try daemon.reload().contains("reloaded \(path): shape 2-6-1 "))
    #expect(bits(try predictions(client, examples)) == bits(secondAnswers))
    let secondDigest = try sha256sum(second)
    #expect(try client.request("model").contains("shape 2-6-1 sha256 \(secondDigest) "))

    // Each bad file: one log line saying why, and the second network serving on.
    let text = try String(contentsOfFile: second, encoding: .utf8)
    try install(String(text.prefix(text.count / 2)), at: path)
    let corrupt = try daemon.reload()
    #expect(corrupt.contains("reload refused, still serving sha256 \(secondDigest): \(path):"))
    try randomWeights([3, 2, 1], [.sigmoid, .sigmoid], seed: 6).save(to: path)
    let wrongShape = try daemon.reload()
    #expect(wrongShape.contains("reload refused"))
    #expect(wrongShape.contains("a 3-2-1 network; clients send 2 inputs and read 1 outputs"))
    try FileManager.default.removeItem(atPath: path)
    #expect(try daemon.reload().contains("reload refused, still serving sha256 \(secondDigest)"))
    #expect(bits(try predictions(client, examples)) == bits(secondAnswers))
    #expect(try client.request("model").contains("sha256 \(secondDigest) "))
    #expect(daemon.log.split(separator: "\n").filter { $0.contains("refused") }.count == 3)
    #expect(daemon.terminate() == 0)
  }

  @Test("learn is refused without --learn, for a weights file and a fixture")
  func learningIsOptIn() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    try randomWeights([2, 2, 1], [.sigmoid, .sigmoid], seed: 7).save(to: path)
    for arguments in [["--weights", path], ["--model", "xor"]] {
      let daemon = try Daemon(arguments)
      let client = try daemon.connect()
      let before = try client.request("1,0")
      #expect(
        try client.request("learn 1,0;0") == "error: learning is off (start simdnetd with --learn)")
      #expect(try client.request("1,0") == before)
      #expect(try client.request("stats").hasPrefix("requests 4 errors 1 learned 0 "))
      #expect(daemon.terminate() == 0)
    }
  }

  /// Sends `count` learning steps from `inputs`, each answered `ok`, and
  /// takes the same steps on `kernel`.
  func learn(
    _ count: Int, _ client: Client, _ kernel: inout KernelLearner, _ inputs: inout InputGenerator
  ) throws {
    for _ in 0..<count {
      let x = inputs.next(2)
      let y = [inputs.generator.uniform()]
      #expect(try client.request("learn " + requestLine(x) + ";" + requestLine(y)) == "ok")
      kernel.learn(x, y)
    }
  }

  /// The parameters of the weights file at `path`.
  func parameterBits(_ path: String) throws -> [UInt64] {
    try DynamicNetwork(WeightsFile.load(path: path)).parameters.map(\.bitPattern)
  }

  @Test("a scaled network takes raw features and targets, before and after learning")
  func scaledNetwork() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let state = scratch.file("state.json")
    let inputScaling = FeatureScaling(shift: [10.5, -2], spread: [4, 0.25])
    let outputScaling = FeatureScaling(shift: [100], spread: [20])
    let weights = try randomWeights([2, 4, 1], [.tanh, .linear], seed: 15).describing(
      inputScaling: inputScaling, outputScaling: outputScaling, features: ["a", "b"],
      targets: ["y"])
    try weights.save(to: path)
    let daemon = try Daemon([
      "--weights", path, "--learn", "--state", state, "--learning-rate", "0.1",
    ])
    let client = try daemon.connect()
    var inputs = InputGenerator(seed: 16)
    let probes = (0..<50).map { _ in inputs.next(2).map { $0 * 4 + 10 } }
    #expect(bits(try predictions(client, probes)) == bits(try simdnetPredict(path, probes)))
    // The kernel learns on the examples scaled by the formula written out
    // here; its network carries the scaling, so it predicts from raw ones.
    var kernel = try KernelLearner(weights, learningRate: 0.1)
    for _ in 0..<5 {
      let x = inputs.next(2).map { $0 * 4 + 10 }
      let y = [inputs.generator.uniform() * 50 + 80]
      #expect(try client.request("learn " + requestLine(x) + ";" + requestLine(y)) == "ok")
      kernel.learn(
        [(x[0] - 10.5) / 4, (x[1] - -2) / 0.25], [(y[0] - 100) / 20])
    }
    #expect(bits(try predictions(client, probes)) == bits(kernel.predict(probes)))
    #expect(daemon.terminate() == 0)
    let saved = try WeightsFile.load(path: state)
    #expect(saved.inputScaling == inputScaling && saved.outputScaling == outputScaling)
    #expect(saved.features == ["a", "b"] && saved.targets == ["y"])
  }

  @Test("a weights file with classes answers with the class name first, quoted as a CSV field")
  func classNames() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let classes = ["cat", "dog, big", "say \"hi\""]
    let weights = try randomWeights([2, 3, 3], [.tanh, .softmax], seed: 21).describing(
      classes: classes)
    try weights.save(to: path)
    var inputs = InputGenerator(seed: 22)
    let probes = (0..<40).map { _ in inputs.next(2).map { $0 * 8 } }
    let (status, output) = try runStdio(
      ["--weights", path, "--loss", "cross-entropy"],
      input: Array(probes.map { requestLine($0) + "\n" }.joined().utf8))
    #expect(status == 0)
    let replies = lines(output).lines
    let expected = try simdnetPredict(path, probes, classOutputs: 3)
    #expect(replies.count == probes.count)
    // The names as RFC 4180 fields, written out here.
    let fields = ["cat", "\"dog, big\"", "\"say \"\"hi\"\"\""]
    var named = Set<String>()
    for (reply, values) in zip(replies, expected) {
      var largest = 0
      for k in values.indices where values[k] > values[largest] { largest = k }
      #expect(reply.hasPrefix(fields[largest] + ","), "\(reply)")
      let numbers = reply.dropFirst(fields[largest].count + 1).split(separator: ",")
      #expect(numbers.map { Double(String($0))?.bitPattern } == values.map(\.bitPattern))
      named.insert(fields[largest])
    }
    #expect(named.count >= 2, "the probes name one class only: the test proves little")
  }

  @Test("learned weights survive a SIGTERM restart bit for bit")
  func stateSurvivesRestart() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let state = scratch.file("state.json")
    let weights = try randomWeights([2, 4, 1], [.tanh, .sigmoid], seed: 8)
    try weights.save(to: path)
    let flags = [
      "--weights", path, "--learn", "--state", state, "--checkpoint-every", "1000",
      "--learning-rate", "0.5",
    ]
    var kernel = try KernelLearner(weights, learningRate: 0.5)
    var inputs = InputGenerator(seed: 9)
    let probes = (0..<50).map { _ in inputs.next(2) }
    do {
      let daemon = try Daemon(flags)
      let client = try daemon.connect()
      try learn(7, client, &kernel, &inputs)
      #expect(bits(try predictions(client, probes)) == bits(kernel.predict(probes)))
      #expect(try client.request("model").hasSuffix(" learned 7"))
      #expect(!FileManager.default.fileExists(atPath: state))  // no checkpoint before the 1000th
      #expect(daemon.terminate() == 0)
      #expect(daemon.log.contains("wrote 7 learning steps since the last checkpoint to \(state)"))
    }
    #expect(try parameterBits(state) == kernel.training.network.parameters.map(\.bitPattern))
    let daemon = try Daemon(flags)
    #expect(daemon.log.contains("restored the learned weights from \(state), not \(path)"))
    let client = try daemon.connect()
    #expect(bits(try predictions(client, probes)) == bits(kernel.predict(probes)))
    let model = try client.request("model")
    #expect(model.contains("sha256 \(try sha256sum(state)) source state "), "\(model)")
    // Learning goes on from there.
    try learn(3, client, &kernel, &inputs)
    #expect(bits(try predictions(client, probes)) == bits(kernel.predict(probes)))
    #expect(daemon.terminate() == 0)
    #expect(try parameterBits(state) == kernel.training.network.parameters.map(\.bitPattern))
  }

  @Test("kill -9 loses no more than the checkpoint interval")
  func killLosesAtMostTheInterval() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let state = scratch.file("state.json")
    let weights = try randomWeights([2, 3, 1], [.sigmoid, .sigmoid], seed: 10)
    try weights.save(to: path)
    let flags = ["--weights", path, "--learn", "--state", state, "--checkpoint-every", "5"]
    var kernel = try KernelLearner(weights, learningRate: 0.1)
    var inputs = InputGenerator(seed: 11)
    let daemon = try Daemon(flags)
    let client = try daemon.connect()
    try learn(10, client, &kernel, &inputs)
    let afterTen = kernel
    try learn(2, client, &kernel, &inputs)
    daemon.killHard()
    // Steps 11 and 12 are lost, fewer than the interval; the state file is whole.
    #expect(try parameterBits(state) == afterTen.training.network.parameters.map(\.bitPattern))
    let restarted = try Daemon(flags)
    let probes = (0..<50).map { _ in inputs.next(2) }
    #expect(bits(try predictions(restarted.connect(), probes)) == bits(afterTen.predict(probes)))
    #expect(bits(afterTen.predict(probes)) != bits(kernel.predict(probes)))
    #expect(restarted.terminate() == 0)
  }

  @Test("a state file of another shape is not restored, and says so")
  func stateOfAnotherShape() throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let state = scratch.file("state.json")
    try randomWeights([2, 2, 1], [.sigmoid, .sigmoid], seed: 12).save(to: path)
    try randomWeights([2, 5, 1], [.sigmoid, .sigmoid], seed: 13).save(to: state)
    let daemon = try Daemon(["--weights", path, "--learn", "--state", state])
    #expect(
      daemon.log.contains("\(state) holds a 2-5-1 network, \(path) a 2-2-1 one: serving \(path)"))
    #expect(try daemon.connect().request("model").contains("shape 2-2-1 "))
    #expect(daemon.terminate() == 0)
  }

  @Test("the socket is the owner's alone unless --socket-mode widens it")
  func socketPermissions() throws {
    for (arguments, mode) in [([String](), 0o600), (["--socket-mode", "660"], 0o660)] {
      let daemon = try Daemon(arguments)
      var status = stat()
      #expect(lstat(daemon.socketPath, &status) == 0)
      #expect(Int(status.st_mode) & 0o777 == mode)
      #expect(daemon.terminate() == 0)
    }
  }

  @Test("bad files and flags at start-up: one line naming what and where, non-zero exit")
  func startupErrors() throws {
    let scratch = Scratch()
    let good = scratch.file("good.json")
    let linear = scratch.file("linear.json")
    let corrupt = scratch.file("corrupt.json")
    let wide = scratch.file("wide.json")
    let named = scratch.file("named.json")
    try randomWeights([2, 2, 1], [.sigmoid, .sigmoid], seed: 14).save(to: good)
    // Replies of up to 1024 bytes: 41 outputs may take 41 × 25 + 1 = 1026
    // with their commas and the newline; 3 outputs and 1001-byte class
    // names, 1002 + 3 × 25 + 1 = 1078.
    try randomWeights([2, 41], [.sigmoid], seed: 16).save(to: wide)
    try randomWeights([2, 3], [.softmax], seed: 17)
      .describing(classes: (0..<3).map { String(repeating: "abcd", count: 250) + "\($0)" })
      .save(to: named)
    try randomWeights([2, 2, 1], [.sigmoid, .linear], seed: 15).save(to: linear)
    try install(
      "{\"layers\": [2, 1],\n \"activations\": [\"sigmoid\"], \"weights\": [[[1, 2]]]}\n",
      at: corrupt)
    let socket = temporarySocketPath()
    let cases: [([String], Int32, String)] = [
      (
        ["--weights", corrupt], 1,
        "simdnetd: error: \(corrupt):1:1: missing \"biases\"\n"
      ),
      (
        ["--weights", scratch.file("none.json")], 1,
        "simdnetd: error: \(scratch.file("none.json")): no such file\n"
      ),
      (
        ["--weights", linear, "--loss", "cross-entropy"], 1,
        "simdnetd: error: \(linear): cross-entropy needs outputs in (0, 1): use a sigmoid, "
          + "sigmoid-table or softmax output activation, not linear (--loss cross-entropy)\n"
      ),
      (
        ["--weights", wide], 1,
        "simdnetd: error: \(wide): a prediction's reply may take 1026 bytes (41 outputs), "
          + "more than simdnetd's 1024\n"
      ),
      (
        ["--weights", named, "--loss", "cross-entropy"], 1,
        "simdnetd: error: \(named): a prediction's reply may take 1078 bytes (3 outputs and "
          + "class names of up to 1001 bytes), more than simdnetd's 1024\n"
      ),
      (
        ["--weights", good, "--state", corrupt], 1,
        "simdnetd: error: cannot restore the learned weights: \(corrupt):1:1: missing "
          + "\"biases\" (remove it to start from \(good))\n"
      ),
    ]
    for (arguments, status, message) in cases {
      let result = try runSimdnetd(["--socket", socket] + arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.errors == message)
      #expect(!FileManager.default.fileExists(atPath: socket))
    }
    for arguments in [
      ["--state", good], ["--weights", good, "--model", "xor"], ["--loss", "cross-entropy"],
      ["--weights", good, "--checkpoint-every", "-1"], ["--socket-mode", "400"],
      ["--socket-mode", "0600x"],
    ] {
      let result = try runSimdnetd(["--socket", socket] + arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.errors.hasPrefix("simdnetd: error: "), "\(result.errors)")
    }
  }
}

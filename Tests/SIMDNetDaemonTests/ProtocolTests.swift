import Foundation
import SIMDNetDaemon
import SIMDNetFixtures
import Testing

@Suite("simdnetd protocol")
struct ProtocolTests {
  @Test("predictions are the kernel's bits", arguments: ModelName.allCases)
  func predictions(model: ModelName) {
    let responder = Responder(model: model)
    var inputs = InputGenerator(seed: 7)
    for _ in 0..<500 {
      let x = inputs.next(responder.inputWidth)
      let reply = responder.reply(to: requestLine(x))
      let expected = kernelPredict(model, x)
      let parsed = parseOutputs(reply)
      #expect(parsed?.map(\.bitPattern) == expected.map(\.bitPattern), "\(x) → \(reply)")
    }
  }

  @Test("%.17g output, spaces, CR and number syntax")
  func formatting() {
    let responder = Responder(model: .xor)
    let y = xorNetwork.predict([0, 1] as InlineArray<2, Double>)[0]
    #expect(responder.reply(to: "0,1") == String(format: "%.17g", y))
    #expect(responder.reply(to: " 0 , 1 ") == String(format: "%.17g", y))
    #expect(responder.reply(to: "0,1\r") == String(format: "%.17g", y))
    #expect(responder.reply(to: "0e0,0x1p0") == String(format: "%.17g", y))
    #expect(responder.reply(to: "-0.0,1.0") == String(format: "%.17g", y))
    let iris = Responder(model: .iris)
    // The species, then 3 outputs.
    #expect(iris.reply(to: "5.1,3.5,1.4,0.2").split(separator: ",").count == 4)
  }

  @Test("bad requests get one exact error each")
  func errors() {
    let responder = Responder(model: .xor, learning: true)
    let cases: [(String, String)] = [
      ("", "error: empty line"),
      ("   ", "error: empty line"),
      ("1", "error: expected 2 inputs, found 1"),
      ("1,2,3", "error: expected 2 inputs, found 3"),
      ("1,", "error: input 2 is empty"),
      ("1,x", "error: input 2 is not a number"),
      ("1 2,3", "error: input 1 is not a number"),
      ("nan,1", "error: input 1 is NaN"),
      ("1,-inf", "error: input 2 is infinite"),
      ("1,infinity", "error: input 2 is infinite"),
      ("1e999,0", "error: input 1 is out of the range of a Double"),
      (
        "hello",
        "error: unknown request (expected x1,...,xn or learn x1,...,xn;y1,...,yk or stats or model)"
      ),
      (
        "stats now",
        "error: unknown request (expected x1,...,xn or learn x1,...,xn;y1,...,yk or stats or model)"
      ),
      ("learn", "error: learn takes inputs;targets"),
      ("learn 0,1", "error: learn takes inputs;targets"),
      ("learn0,1;1", "error: learn takes inputs;targets"),
      ("learn 0;1", "error: expected 2 inputs, found 1"),
      ("learn 0,1;1,0", "error: expected 1 target, found 2"),
      ("learn 0,1;", "error: target 1 is empty"),
      ("learn 0,nan;1", "error: input 2 is NaN"),
      ("learn 0,1;inf", "error: target 1 is infinite"),
      ("learn 0,1;1.5", "error: target 1 is outside [0, 1]"),
      ("learn 0,1;-0.1", "error: target 1 is outside [0, 1]"),
      ("1,\u{1}", "error: binary data (control or non-ASCII byte at column 3)"),
      ("\u{8}1,2", "error: binary data (control or non-ASCII byte at column 1)"),
      ("1,é", "error: binary data (control or non-ASCII byte at column 3)"),
      ("\u{7F}", "error: binary data (control or non-ASCII byte at column 1)"),
      // Any byte after a number is an error: a NUL does not end it early.
      ("1,0\u{0}DROP TABLE", "error: binary data (control or non-ASCII byte at column 4)"),
      ("1,0\u{0}", "error: binary data (control or non-ASCII byte at column 4)"),
      ("learn 1,0;1\u{0}", "error: binary data (control or non-ASCII byte at column 12)"),
      ("1,0 DROP TABLE", "error: input 2 is not a number"),
      ("1,0x", "error: input 2 is not a number"),
      ("1,1e", "error: input 2 is not a number"),
      ("1,1.5.5", "error: input 2 is not a number"),
      ("learn 1,0;1 x", "error: target 1 is not a number"),
    ]
    for (request, expected) in cases {
      #expect(responder.reply(to: request) == expected, "\(request.debugDescription)")
    }
    #expect(
      responder.reply(to: String(repeating: "1", count: 3 * 1024 + 7))
        == "error: line too long (max 3078 bytes)")
    #expect(responder.reply(to: "0,1").hasPrefix("0.99"))
    #expect(responder.errors == UInt64(cases.count + 1))
    #expect(responder.requests == UInt64(cases.count + 2))
    #expect(responder.learned == 0)
    #expect(responder.parameters == xorNetwork.parameters)
  }

  @Test("the iris model takes raw centimetres and answers with the species name, then the outputs")
  func irisNamesTheSpecies() {
    let responder = Responder(model: .iris)
    // The first flower of each species in Fisher's table.
    for (x, species) in [
      ("5.1,3.5,1.4,0.2", "setosa"), ("7.0,3.2,4.7,1.4", "versicolor"),
      ("6.3,3.3,6.0,2.5", "virginica"),
    ] {
      let reply = responder.reply(to: x)
      #expect(reply.hasPrefix(species + ","), "\(reply)")
      #expect(reply.split(separator: ",").count == 4, "\(reply)")
    }
    // A network without classes answers with the outputs alone.
    #expect(Double(Responder(model: .xor).reply(to: "0,1")) != nil)
  }

  @Test("stats counts requests, errors, learning steps and clients")
  func stats() {
    let responder = Responder(model: .or, learning: true)
    #expect(responder.reply(to: "stats", clients: 3) == "requests 1 errors 0 learned 0 clients 3")
    _ = responder.reply(to: "0,1")
    _ = responder.reply(to: "0,x")
    #expect(responder.reply(to: "learn 0,1;1") == "ok")
    #expect(responder.reply(to: "stats", clients: 1) == "requests 5 errors 1 learned 1 clients 1")
  }

  @Test(
    "learn is one SGD step of the kernel, with the fixture's loss", arguments: ModelName.allCases)
  func learning(model: ModelName) {
    let rate = 0.25
    let responder = Responder(model: model, learningRate: rate, learning: true)
    var inputs = InputGenerator(seed: 11)
    // The losses are spelled out here, not taken from `ModelName.loss`.
    switch model {
    case .xor: check(responder, xorNetwork, .crossEntropy, rate, &inputs)
    case .iris:
      check(
        responder, irisNetwork.base, .crossEntropy, rate, &inputs,
        scaling: irisNetwork.inputScaling)
    case .or: check(responder, orNeuron, .halfSquaredError, rate, &inputs)
    case .and: check(responder, andNeuron, .halfSquaredError, rate, &inputs)
    }
  }

  /// Ten learning steps through the protocol and through the kernel's own
  /// `runEpoch` on a one-example dataset give the same weights, bit for bit.
  /// With `scaling` (iris), requests hold raw features and the kernel
  /// learns from `(x − shift) / spread`.
  func check<let I: Int, let O: Int, Net: FixedSizeNetwork>(
    _ responder: Responder, _ network: Net, _ loss: Loss, _ rate: Double,
    _ inputs: inout InputGenerator, scaling: FeatureScaling<InlineArray<I, Double>>? = nil
  ) where Net.Input == InlineArray<I, Lanes>, Net.Output == InlineArray<O, Lanes> {
    var training = Training(
      network: network, loss: loss, learningRate: rate, batching: .stochastic)
    for _ in 0..<10 {
      let x = inputs.next(Net.Input.width)
      let y = (0..<Net.Output.width).map { _ in inputs.generator.uniform() }
      let line = "learn " + requestLine(x) + ";" + requestLine(y)
      #expect(responder.reply(to: line) == "ok")
      let scaled = Self.scaled(x, scaling)
      var data = Dataset<Net.Input, Net.Output>(
        inputs: [InlineArray { scaled[$0] }], targets: [InlineArray { y[$0] }])
      training.runEpoch(on: &data)
      #expect(
        responder.parameters.map(\.bitPattern) == training.network.parameters.map(\.bitPattern))
    }
    let x = inputs.next(Net.Input.width)
    let scaled = Self.scaled(x, scaling)
    let expected = training.network.predict(InlineArray<I, Double> { scaled[$0] })
    let parsed = parseOutputs(responder.reply(to: requestLine(x)))
    #expect(parsed?.map(\.bitPattern) == (0..<Net.Output.width).map { expected[$0].bitPattern })
  }

  @Test(
    "a learn step that would make a parameter non-finite is refused, the weights left bit for bit",
    arguments: ModelName.allCases)
  func poisonedLearning(model: ModelName) {
    let responder = Responder(model: model, learning: true)
    var inputs = InputGenerator(seed: 13)
    // The requests for xor and iris; for the single neurons, inputs
    // whose products cancel to ∞ − ∞.
    switch model {
    case .xor:
      refuse(responder, xorNetwork, .crossEntropy, [1.7e308, 1.7e308], [1], &inputs)
    case .iris:
      refuse(
        responder, irisNetwork.base, .crossEntropy, [1e308, 1e308, 1e308, 1e308], [1, 0, 0],
        &inputs, scaling: irisNetwork.inputScaling)
    case .or:
      refuse(responder, orNeuron, .halfSquaredError, [1e308, -1e308], [1], &inputs)
    case .and:
      refuse(responder, andNeuron, .halfSquaredError, [1e308, -1e308], [0], &inputs)
    }
  }

  /// The kernel's own step on `x`, `y` makes a parameter non-finite; the
  /// responder refuses it naming that parameter, keeps every weight's bits,
  /// and its later steps are the kernel's from the untouched fixture.
  func refuse<let I: Int, let O: Int, Net: FixedSizeNetwork>(
    _ responder: Responder, _ network: Net, _ loss: Loss, _ x: [Double], _ y: [Double],
    _ inputs: inout InputGenerator, scaling: FeatureScaling<InlineArray<I, Double>>? = nil
  ) where Net.Input == InlineArray<I, Lanes>, Net.Output == InlineArray<O, Lanes> {
    var training = Training(
      network: network, loss: loss, learningRate: responder.learningRate, batching: .stochastic)
    let scaledX = Self.scaled(x, scaling)
    var data = Dataset<Net.Input, Net.Output>(
      inputs: [InlineArray { scaledX[$0] }], targets: [InlineArray { y[$0] }])
    training.runEpoch(on: &data)
    let broken = training.network.parameters.firstIndex { !$0.isFinite }
    #expect(broken != nil, "the kernel's step is not poisoned: the test proves nothing")
    let before = responder.parameters.map(\.bitPattern)
    #expect(before == network.parameters.map(\.bitPattern))
    let line = "learn " + requestLine(x) + ";" + requestLine(y)
    #expect(
      responder.reply(to: line)
        == "error: learn refused: parameter \((broken ?? -1) + 1) would not be finite (weights unchanged)"
    )
    #expect(responder.parameters.map(\.bitPattern) == before)
    #expect(responder.learned == 0)
    #expect(responder.errors == 1)
    let probe = inputs.next(Net.Input.width)
    let scaledProbe = Self.scaled(probe, scaling)
    let expected = network.predict(InlineArray<I, Double> { scaledProbe[$0] })
    #expect(
      parseOutputs(responder.reply(to: requestLine(probe)))?.map(\.bitPattern)
        == (0..<Net.Output.width).map { expected[$0].bitPattern })
    check(responder, network, loss, responder.learningRate, &inputs, scaling: scaling)
  }

  /// `x` as a scaled network sees it, `(x − shift) / spread`, written out
  /// here; `x` itself without a scaling.
  static func scaled<let I: Int>(
    _ x: [Double], _ scaling: FeatureScaling<InlineArray<I, Double>>?
  ) -> [Double] {
    guard let scaling else { return x }
    return x.indices.map { (x[$0] - scaling.shift[$0]) / scaling.spread[$0] }
  }

  @Test("a prediction that overflows the network is an error, not nan")
  func overflowingPrediction() throws {
    for (model, x) in [
      (ModelName.xor, [1.7e308, -1.7e308]), (.iris, [1e308, 1e308, 1e308, 1e308]),
    ] {
      let output = try #require(kernelPredict(model, x).firstIndex { !$0.isFinite })
      #expect(
        Responder(model: model).reply(to: requestLine(x))
          == "error: output \(output + 1) is not finite (the inputs overflow the network)")
    }
  }

  @Test("flags")
  func flags() throws {
    let options = try Options.parse([
      "--socket", "/tmp/s", "--model=iris", "--learning-rate", "0.5",
    ])
    #expect(options.socketPath == "/tmp/s")
    #expect(options.model == .iris)
    #expect(options.learningRate == 0.5)
    #expect(options.maxClients == 64)
    #expect(try Options.parse(["--stdio", "--max-clients", "3"]).maxClients == 3)
    #expect(options.idleTimeout == 60_000)
    for (text, milliseconds) in [("0.5", 500), ("0", 0), ("90", 90_000), ("0.0001", 1)] {
      #expect(try Options.parse(["--stdio", "--idle-timeout", text]).idleTimeout == milliseconds)
    }
    let file = try Options.parse([
      "--stdio", "--weights", "w.json", "--learn", "--state", "s.json", "--checkpoint-every=7",
      "--loss", "cross-entropy", "--socket-mode", "660",
    ])
    #expect(file.weightsPath == "w.json" && file.statePath == "s.json")
    #expect(file.learn && file.checkpointEvery == 7 && file.loss == .crossEntropy)
    #expect(file.socketMode == 0o660)
    #expect(!options.learn && options.socketMode == 0o600 && options.weightsPath == nil)
    for bad in [
      ["--stdio", "--learn=yes"], ["--stdio", "--weights", "w", "--checkpoint-every", "5"],
      ["--stdio", "--weights", "w", "--loss", "mean"], ["--stdio", "--socket-mode", "9"],
      [], ["--stdio", "--socket", "x"], ["--socket"], ["--model", "cat", "--stdio"],
      ["--stdio", "--learning-rate", "nan"], ["--stdio", "--max-clients", "0"], ["--frobnicate"],
      ["--stdio", "--idle-timeout", "-1"], ["--stdio", "--idle-timeout", "nan"],
      ["--stdio", "--idle-timeout", "1e9"], ["--stdio", "--idle-timeout", "soon"],
    ] {
      #expect(throws: DaemonError.self, "\(bad)") { try Options.parse(bad) }
    }
  }
}

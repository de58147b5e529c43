import Foundation
import SIMDNetDaemon
import Testing

/// `simdnet fixtures weights NAME`: the weights file of a fixture, which
/// must be the network compiled in from `Fixtures/Generated/`.
@Suite("simdnet fixtures weights")
struct FixtureWeightsTests {
  /// The package root, where the manifest is.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  @Test(
    "a fixture's weights file is the compiled-in fixture, bit for bit",
    arguments: [("irisNetwork", ModelName.iris), ("orNeuron", .or)])
  func sameNetwork(name: String, model: ModelName) throws {
    let scratch = Scratch()
    let path = scratch.file("w.json")
    let result = try run(
      simdnetExecutable, ["fixtures", "weights", name, "--root", Self.root, "--save", path],
      input: [])
    #expect(result.status == 0, "\(result.errors)")
    let file = try ServedModel.load(weightsAt: path, loss: model.loss, learningRate: 0.1)
    let fixture = Responder(model: model)
    let served = Responder(serving: file, learningRate: 0.1)
    #expect(served.parameters.map(\.bitPattern) == fixture.parameters.map(\.bitPattern))
    // The fixture's digest is that of its weights as simdnet writes them:
    // the same scaling and class names, too.
    #expect(served.served.sha256 == fixture.served.sha256)
    let request = model == .iris ? "5.1,3.5,1.4,0.2" : "1,0"
    #expect(served.reply(to: request) == fixture.reply(to: request))
  }

  @Test("an unknown fixture is one error naming the ones there are")
  func unknown() throws {
    let scratch = Scratch()
    let result = try run(
      simdnetExecutable,
      ["fixtures", "weights", "nope", "--root", Self.root, "--save", scratch.file("w.json")],
      input: [])
    #expect(result.status != 0)
    #expect(result.errors.contains("no fixture named \"nope\" in the manifest; it has "))
    #expect(result.errors.contains("irisNetwork"))
    #expect(!FileManager.default.fileExists(atPath: scratch.file("w.json")))
  }
}

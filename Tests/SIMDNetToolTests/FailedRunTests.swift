import Foundation
import SIMDNetTool
import Testing

/// A run that fails changes no file: every output of a run is committed
/// only once the run has succeeded and all its outputs could be staged.
@Suite("a failed run leaves every file as it was")
struct FailedRunTests {
  @Test(
    "train: --save's file is untouched when --export cannot be written",
    arguments: [
      // /proc takes no new files, for root as for anyone.
      ("/proc/simdnet-test.swift", "cannot write: cannot create a file in /proc"),
      // A directory where the file should go: found only when staging.
      ("out", "out: cannot write: is a directory"),
    ])
  func trainSaveThenExport(export: String, fragment: String) throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.orCSV, named: "d.csv", in: directory)
      let old = "{\"old\": true}\n"
      try writeFile(old, named: "w.json", in: directory)
      try FileManager.default.createDirectory(
        atPath: directory + "/out", withIntermediateDirectories: false)
      let run = try Simdnet.run(
        [
          "train", "--data", "d.csv", "--layers", "2,1", "--epochs", "5", "--save", "w.json",
          "--export", export, "--name", "orNeuron",
        ], in: directory)
      Simdnet.expectOneLineError(run, fragment)
      #expect(
        String(
          decoding: FileManager.default.contents(atPath: directory + "/w.json")!, as: UTF8.self)
          == old)
      let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
      #expect(left == ["d.csv", "out", "w.json"])
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out").isEmpty)
    }
  }

  @Test("fixtures regenerate: a fixture that fails after one that changed writes neither")
  func fixturesAllOrNothing() throws {
    try withTemporaryDirectory { root in
      let manifest = try FixtureRegenerationTests.makeRoot(
        root, names: ["orNeuron", "andNeuron"], generated: true)
      let (first, second) = (manifest.fixtures[0], manifest.fixtures[1])
      let stale = "// an old version\n"
      try AtomicFile.write(stale, to: root + "/" + first.output)
      let generated = root + "/Fixtures/Generated"
      let listing = try FileManager.default.contentsOfDirectory(atPath: generated).sorted()

      // The second cannot train: its dataset is gone.
      try FileManager.default.moveItem(
        atPath: root + "/" + second.dataset, toPath: root + "/moved.csv")
      let failed = try Simdnet.run(["fixtures", "regenerate"], in: root)
      #expect(failed.status == 1)
      #expect(failed.stderr.contains("fixture \(second.name): \(second.dataset): no such file"))
      #expect(FixtureRegenerationTests.bytes(root + "/" + first.output) == Data(stale.utf8))
      try FileManager.default.moveItem(
        atPath: root + "/moved.csv", toPath: root + "/" + second.dataset)

      // The second's file cannot be written: a directory is in its place.
      try FileManager.default.removeItem(atPath: root + "/" + second.output)
      try FileManager.default.createDirectory(
        atPath: root + "/" + second.output + "/x", withIntermediateDirectories: true)
      try FileManager.default.removeItem(atPath: root + "/" + first.output)
      try AtomicFile.write(stale, to: root + "/" + first.output)
      let blocked = try Simdnet.run(["fixtures", "regenerate"], in: root)
      #expect(blocked.status == 1)
      #expect(blocked.stderr.contains("fixture \(second.name): "), "\(blocked.stderr)")
      #expect(FixtureRegenerationTests.bytes(root + "/" + first.output) == Data(stale.utf8))
      #expect(try FileManager.default.contentsOfDirectory(atPath: generated).sorted() == listing)
    }
  }
}

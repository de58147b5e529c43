import Foundation
import SIMDNetTool
import Testing

@Suite("simdnet plot")
struct PlotCommandTests {
  /// Trains the lecture's OR neuron for 200 epochs and saves the report as
  /// `report.json` in `directory`.
  static func trainOR(in directory: String) throws {
    try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
    try writeFile(
      #"{"layers": [2, 1], "activations": ["sigmoid"], "weights": [[[0.1, 0.6]]], "biases": [[0]]}"#,
      named: "init.json", in: directory)
    let trained = try Simdnet.run(
      [
        "train", "--data", "or.csv", "--init", "init.json", "--learning-rate", "1", "--epochs",
        "200", "--report", "json",
      ], in: directory)
    try #require(trained.status == 0, "\(trained.stderr)")
    try writeFile(trained.stdout, named: "report.json", in: directory)
  }

  @Test("train → plot writes one well-formed SVG, byte-identical on a second run")
  func endToEnd() throws {
    try withTemporaryDirectory { directory in
      try Self.trainOR(in: directory)
      let first = try Simdnet.run(
        ["plot", "--report", "report.json", "--data", "or.csv", "--out", "a.svg"], in: directory)
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.stdout.isEmpty && first.stderr.isEmpty)
      let second = try Simdnet.run(
        ["plot", "--report", "report.json", "--data", "or.csv", "--out", "b.svg"], in: directory)
      #expect(second.status == 0)
      let a = try String(contentsOfFile: directory + "/a.svg", encoding: .utf8)
      let b = try String(contentsOfFile: directory + "/b.svg", encoding: .utf8)
      #expect(a == b)
      let xml = ParsedSVG.parse(a)
      #expect(xml.error == nil)
      #expect(
        xml.named("g").compactMap { $0.attributes["class"] } == ["cost-curve", "decision-boundary"])
      #expect(xml.named("title").first?.text == "Training report")
      let titled = try Simdnet.run(
        [
          "plot", "--report", "report.json", "--out", "c.svg", "--title", "OR & co",
          "--width", "800", "--height", "400", "--cost-scale", "linear", "--grid", "50",
        ], in: directory)
      #expect(titled.status == 0, "\(titled.stderr)")
      let c = ParsedSVG.parse(try String(contentsOfFile: directory + "/c.svg", encoding: .utf8))
      #expect(c.named("title").first?.text == "OR & co")
      #expect(c.elements.first?.attributes["width"] == "800")
    }
  }

  @Test("the README's train → plot commands still draw docs/or-neuron.svg, byte for byte")
  func readmeFigure() throws {
    let root = SwiftExportCompileTests.packageRoot.path
    try withTemporaryDirectory { directory in
      // The README's paths, relative to a copy of what they name.
      for (folder, file) in [("Fixtures", "or.csv"), ("docs", "or-lecture-init.json")] {
        try FileManager.default.createDirectory(
          atPath: directory + "/" + folder, withIntermediateDirectories: false)
        try FileManager.default.copyItem(
          atPath: root + "/\(folder)/\(file)", toPath: directory + "/\(folder)/\(file)")
      }
      let trained = try Simdnet.run(
        [
          "train", "--data", "Fixtures/or.csv", "--init", "docs/or-lecture-init.json",
          "--learning-rate", "1", "--epochs", "5000", "--save", "or.json", "--report", "json",
        ], in: directory)
      try #require(trained.status == 0, "\(trained.stderr)")
      try writeFile(trained.stdout, named: "or-report.json", in: directory)
      let plotted = try Simdnet.run(
        [
          "plot", "--report", "or-report.json", "--data", "Fixtures/or.csv", "--out", "or.svg",
          "--title", "The lecture's OR neuron after 5000 epochs",
        ], in: directory)
      #expect(plotted.status == 0, "\(plotted.stderr)")
      let drawn = try #require(FileManager.default.contents(atPath: directory + "/or.svg"))
      let committed = try #require(
        FileManager.default.contents(atPath: root + "/docs/or-neuron.svg"))
      #expect(drawn == committed)
    }
  }

  @Test("train --validation → plot draws the validation curve and the key, the same bytes twice")
  func validationEndToEnd() throws {
    try withTemporaryDirectory { directory in
      try writeFile(CommandTestData.orCSV, named: "or.csv", in: directory)
      try writeFile(CommandTestData.xorCSV, named: "xor.csv", in: directory)
      let trained = try Simdnet.run(
        [
          "train", "--data", "or.csv", "--validation", "xor.csv", "--layers", "2,1", "--seed", "1",
          "--epochs", "300",
          "--report", "json",
        ], in: directory)
      try #require(trained.status == 0, "\(trained.stderr)")
      try writeFile(trained.stdout, named: "report.json", in: directory)
      let best = try #require(trained.report()["best_epoch"])
      for name in ["a.svg", "b.svg"] {
        let outcome = try Simdnet.run(
          ["plot", "--report", "report.json", "--data", "or.csv", "--out", name], in: directory)
        #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome.stderr)")
      }
      let a = try String(contentsOfFile: directory + "/a.svg", encoding: .utf8)
      #expect(try a == String(contentsOfFile: directory + "/b.svg", encoding: .utf8))
      let xml = ParsedSVG.parse(a)
      #expect(xml.error == nil)
      #expect(
        xml.named("g").compactMap { $0.attributes["class"] }
          == ["cost-curve", "cost-key", "decision-boundary"])
      #expect(PlotSVGTests.validationPaths(xml).count == 1)
      let texts = xml.named("text").map(\.text)
      guard case .number(let epoch) = best.kind else {
        Issue.record("best_epoch is not a number")
        return
      }
      #expect(texts.contains("validation") && texts.contains("best epoch \(epoch)"))
    }
  }

  @Test("a bad report is one line naming the file and place, and leaves the output alone")
  func badReport() throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        "{\n  \"epochs\": 5,\n  \"final_cost\": 0.1,\n  \"cost_curve\": []\n}\n", named: "bad.json",
        in: directory)
      try writeFile("old", named: "out.svg", in: directory)
      let outcome = try Simdnet.run(
        ["plot", "--report", "bad.json", "--out", "out.svg"], in: directory)
      Simdnet.expectOneLineError(outcome, "bad.json:4:17:", "\"cost_curve\" is empty")
      #expect(try String(contentsOfFile: directory + "/out.svg", encoding: .utf8) == "old")

      try writeFile(
        "{\n  \"epochs\": 1,\n  \"final_cost\": 0.1,\n  \"cost_curve\": [[0, 0.2], [1, 0.1]],\n"
          + "  \"validation_curve\": [[0, 0.3], [1, null]],\n  \"weights\": {}\n}\n",
        named: "bad-validation.json", in: directory)
      let validation = try Simdnet.run(
        ["plot", "--report", "bad-validation.json", "--out", "out.svg"], in: directory)
      Simdnet.expectOneLineError(
        validation, "bad-validation.json:5:38:", "validation_curve[1]'s cost must be a number")
      #expect(try String(contentsOfFile: directory + "/out.svg", encoding: .utf8) == "old")

      let missing = try Simdnet.run(
        ["plot", "--report", "none.json", "--out", "new.svg"], in: directory)
      Simdnet.expectOneLineError(missing, "none.json")
      #expect(!FileManager.default.fileExists(atPath: directory + "/new.svg"))
    }
  }

  @Test("data that does not fit the network is one line naming the data file")
  func dataMismatch() throws {
    try withTemporaryDirectory { directory in
      try Self.trainOR(in: directory)
      try writeFile("a,b,c,y\n0,0,0,0\n1,1,1,1\n", named: "three.csv", in: directory)
      let outcome = try Simdnet.run(
        ["plot", "--report", "report.json", "--data", "three.csv", "--out", "x.svg"],
        in: directory)
      Simdnet.expectOneLineError(outcome, "three.csv:", "3 inputs per example")
      let ragged = try Simdnet.run(
        [
          "plot", "--report", "report.json", "--data", "or.csv", "--outputs", "2", "--out", "x.svg",
        ],
        in: directory)
      Simdnet.expectOneLineError(ragged, "or.csv")
      let noData = try Simdnet.run(
        ["plot", "--report", "report.json", "--format", "csv", "--out", "x.svg"], in: directory)
      Simdnet.expectOneLineError(noData, "--data")
      #expect(!FileManager.default.fileExists(atPath: directory + "/x.svg"))
    }
  }

  @Test("a network without two inputs gets the cost curve and a note on stderr")
  func costCurveOnly() throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        "a,b,c,y\n0,0,0,0\n0,1,1,1\n1,0,1,1\n1,1,0,0\n", named: "three.csv", in: directory)
      let trained = try Simdnet.run(
        ["train", "--data", "three.csv", "--layers", "3,1", "--epochs", "20", "--report", "json"],
        in: directory)
      try #require(trained.status == 0, "\(trained.stderr)")
      try writeFile(trained.stdout, named: "report.json", in: directory)
      let outcome = try Simdnet.run(
        ["plot", "--report", "report.json", "--data", "three.csv", "--out", "x.svg"],
        in: directory)
      #expect(outcome.status == 0)
      #expect(outcome.stderrLines.count == 1)
      #expect(outcome.stderr.contains("3 inputs") && outcome.stderr.contains("cost curve only"))
      let xml = ParsedSVG.parse(try String(contentsOfFile: directory + "/x.svg", encoding: .utf8))
      #expect(xml.error == nil)
      #expect(xml.named("g").compactMap { $0.attributes["class"] } == ["cost-curve"])
    }
  }
}

import Foundation
import SIMDNetTestSupport
import SIMDNetTool
import Testing

/// `simdnet export --c DIR`: the files a C build needs. (That they build
/// into a library with the tool's bits is `Tools/check-c-export`'s job:
/// it needs gcc and a minute per network.)
@Suite("simdnet export --c")
struct CExportCommandTests {
  /// The package's root, three folders up from this file.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  @Test("writes the header, the sources with a copy of the kernel, and an executable build")
  func files() throws {
    try withTemporaryDirectory { directory in
      var generator = SplitMix64(state: 7)
      let weights = try randomWeightsFile(
        layers: [3, 4, 2], activations: [.relu, .sigmoid], using: &generator)
      try weights.save(to: directory + "/w.json")
      let run = try Simdnet.run(
        ["export", "--weights", "w.json", "--name", "net3", "--c", "out/net"], in: directory)
      #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(run.stderr)")
      let out = directory + "/out/net"
      let header = try String(contentsOfFile: out + "/net3.h", encoding: .utf8)
      for line in [
        "#define net3_INPUTS 3", "#define net3_OUTPUTS 2",
        "void net3_predict(const double *inputs, double *outputs);",
        "void net3_predict_n(const double *inputs, size_t n, double *outputs);",
        "#include <stddef.h>", "extern \"C\" {",
      ] {
        #expect(header.split(separator: "\n").contains(Substring(line)), "\(line)")
      }
      let swift = try String(contentsOfFile: out + "/Sources/net3.swift", encoding: .utf8)
      #expect(swift.contains("let network: MLP1<3, 4, 2> = Stack("))
      #expect(swift.contains("@c(net3_predict)\npublic func net3_predict("))
      #expect(swift.contains("@c(net3_predict_n)\npublic func net3_predict_n("))
      #expect(!swift.contains("import SIMDNet"))

      // The kernel, byte for byte, and the entry points.
      let kernel = Self.packageRoot + "/Sources/SIMDNet"
      func swiftFiles(under folder: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder)
          .filter { $0.hasSuffix(".swift") }.sorted()
      }
      let names = try swiftFiles(under: kernel)
      #expect(names.contains("Network/DenseLayer.swift"))
      #expect(try swiftFiles(under: out + "/Sources/SIMDNet") == names)
      for name in names {
        #expect(
          FileManager.default.contents(atPath: out + "/Sources/SIMDNet/" + name)
            == FileManager.default.contents(atPath: kernel + "/" + name), "\(name)")
      }
      #expect(
        FileManager.default.contents(atPath: out + "/Sources/CEntryPoints.swift")
          == FileManager.default.contents(
            atPath: Self.packageRoot + "/Tools/c-export/CEntryPoints.swift"))

      // build: executable, and compiles exactly these files.
      let attributes = try FileManager.default.attributesOfItem(atPath: out + "/build")
      #expect((attributes[.posixPermissions] as? Int) == 0o755)
      let build = try String(contentsOfFile: out + "/build", encoding: .utf8)
      #expect(build.hasPrefix("#!/usr/bin/env bash\n"))
      #expect(build.contains("\nname=net3\n"))
      for name in ["Sources/net3.swift", "Sources/CEntryPoints.swift"]
        + names.map({ "Sources/SIMDNet/" + $0 })
      {
        #expect(build.contains("\n  \(name)\n"), "\(name)")
      }
    }
  }

  @Test(
    "a name that cannot prefix C names is refused, and nothing is written",
    arguments: [
      ("9lives", "\"9lives\" cannot start a C name"),
      ("_net", "\"_net\" cannot start a C name"),
      ("my-net", "\"my-net\" is not a C identifier"),
      ("réseau", "\"réseau\" is not a C identifier"),
      ("", "the network's name is empty"),
      (String(repeating: "n", count: 65), "is longer than 64 characters"),
    ])
  func badName(name: String, message: String) throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        CommandTestData.neuronWeights, named: "w.json", in: directory)
      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["export", "--weights", "w.json", "--name", name, "--c", "out"], in: directory),
        message)
      #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }
  }

  @Test("bad input is one located error, and an existing export is left as it was")
  func badInput() throws {
    try withTemporaryDirectory { directory in
      try writeFile(
        CommandTestData.neuronWeights, named: "w.json", in: directory)
      #expect(
        try Simdnet.run(
          ["export", "--weights", "w.json", "--name", "net", "--c", "out"], in: directory
        ).status == 0)
      let header = FileManager.default.contents(atPath: directory + "/out/net.h")
      try writeFile("{\"layers\": [2, 1]}", named: "bad.json", in: directory)
      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["export", "--weights", "bad.json", "--name", "net", "--c", "out"], in: directory),
        "bad.json:1:", "missing \"activations\"")
      #expect(FileManager.default.contents(atPath: directory + "/out/net.h") == header)

      // One file that cannot be written: none is replaced.
      try writeFile(
        "{\"layers\": [2, 1], \"activations\": [\"tanh\"], \"weights\": [[[2, 1]]], "
          + "\"biases\": [[0]]}", named: "w.json", in: directory)
      try FileManager.default.removeItem(atPath: directory + "/out/build")
      try FileManager.default.createDirectory(
        atPath: directory + "/out/build", withIntermediateDirectories: false)
      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["export", "--weights", "w.json", "--name", "net", "--c", "out"], in: directory),
        "out/build: cannot write: is a directory")
      #expect(FileManager.default.contents(atPath: directory + "/out/net.h") == header)

      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["export", "--weights", "w.json", "--name", "net", "--c", "c", "--out", "n.swift"],
          in: directory), "--c and --out are alternatives")
      Simdnet.expectOneLineError(
        try Simdnet.run(
          ["export", "--weights", "w.json", "--name", "net", "--c", "c", "--package", "."],
          in: directory), "cannot read the kernel's sources", "Sources/SIMDNet")
    }
  }
}

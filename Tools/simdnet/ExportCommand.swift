import ArgumentParser
import SIMDNetTool

/// `simdnet export`: writes a weights file as a Swift source constant that a
/// program importing SIMDNet compiles in (see `SwiftExport`).
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write saved weights as a Swift constant of the kernel's network type.",
    discussion: """
      The constant is a Layer, MLP1 or MLP2 (with more hidden layers, Stacks nested as \
      MLP2 nests them) whose every weight reads back to the same bits. A weights file \
      does not record how it was trained, so the header records the file it came from \
      and its SHA-256; `simdnet train --export` records the full provenance (dataset \
      digest, hyperparameters, seed, final cost).

      With --c DIR it writes a network for C programs instead: DIR/NAME.h \
      (NAME_INPUTS, NAME_OUTPUTS, NAME_predict, NAME_predict_n), the Swift sources of an \
      Embedded Swift module with C linkage (the network constant and a copy of the \
      kernel's sources, so that DIR builds anywhere), and an executable DIR/build that \
      makes DIR/libNAME.a with the Swift toolchain. A C program links it with \
      `gcc prog.c DIR/libNAME.a -lm`: no Swift runtime, no allocation, the same bits as \
      `simdnet predict`. NAME must then be a C identifier.
      """
  )

  @Option(help: ArgumentHelp("The weights file to export.", valueName: "weights.json"))
  var weights: String

  @Option(
    help: ArgumentHelp(
      "The Swift constant's name; with --c, the prefix of the C functions and files.",
      valueName: "identifier"))
  var name: String

  @Option(
    help: ArgumentHelp(
      "Write the source here, atomically. (default: stdout)", valueName: "file.swift"))
  var out: String?

  @Option(
    name: .customLong("c"),
    help: ArgumentHelp(
      "Write a C header, the Swift sources and a build script for a C library here "
        + "(made if missing; the files are replaced together).",
      valueName: "directory"))
  var cDirectory: String?

  @Option(
    name: .customLong("package"),
    help: ArgumentHelp(
      "With --c: the SIMDNet checkout whose kernel sources are copied. (default: the one "
        + "this simdnet was built from)",
      valueName: "directory"))
  var packageRoot: String?

  func validate() throws {
    if cDirectory != nil, out != nil {
      throw ValidationError("--c and --out are alternatives: give one")
    }
    if packageRoot != nil, cDirectory == nil {
      throw ValidationError("--package goes with --c")
    }
  }

  func run() throws {
    // The name first: a bad one is refused before anything is read.
    if cDirectory != nil {
      try CIdentifier.validate(name)
    } else {
      try SwiftIdentifier.validate(name)
    }
    let bytes = try FileReader.bytes(atPath: weights)
    let weightsFile = try WeightsFile(
      json: JSONValue.parse(bytes, path: weights), path: weights)
    let provenance = Provenance(hyperparameters: [
      .init("weights file", "\(weights), sha256 \(SHA256.hexDigest(bytes))")
    ])
    if let cDirectory {
      let files = try CExport.files(
        for: weightsFile, name: name, provenance: provenance,
        packageRoot: packageRoot ?? CExport.defaultPackageRoot)
      try CExport.write(files, to: cDirectory)
      return
    }
    let source = try SwiftExport.source(for: weightsFile, name: name, provenance: provenance)
    if let out {
      try AtomicFile.write(source, to: out)
    } else {
      try Console.write(source)
    }
  }
}

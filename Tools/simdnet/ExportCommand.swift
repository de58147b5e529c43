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
      """
  )

  @Option(help: ArgumentHelp("The weights file to export.", valueName: "weights.json"))
  var weights: String

  @Option(help: ArgumentHelp("The Swift constant's name.", valueName: "identifier"))
  var name: String

  @Option(
    help: ArgumentHelp(
      "Write the source here, atomically. (default: stdout)", valueName: "file.swift"))
  var out: String?

  func run() throws {
    try SwiftIdentifier.validate(name)
    let bytes = try FileReader.bytes(atPath: weights)
    let weightsFile = try WeightsFile(
      json: JSONValue.parse(bytes, path: weights), path: weights)
    let provenance = Provenance(hyperparameters: [
      .init("weights file", "\(weights), sha256 \(SHA256.hexDigest(bytes))")
    ])
    let source = try SwiftExport.source(for: weightsFile, name: name, provenance: provenance)
    if let out {
      try AtomicFile.write(source, to: out)
    } else {
      try Console.write(source)
    }
  }
}

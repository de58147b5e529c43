import ArgumentParser
import SIMDNet

@main
struct SIMDNetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simdnet",
    abstract: "Train, check and export SIMDNet networks.",
    subcommands: [LectureCommand.self]
  )
}

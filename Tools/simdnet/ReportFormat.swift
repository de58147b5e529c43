import ArgumentParser

/// `--report json`: print one JSON object on stdout, for scripts and CI,
/// instead of the human summary. An enum rather than a flag so that other
/// formats can be added without breaking the command line.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case json
}

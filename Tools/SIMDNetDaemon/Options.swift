import Glibc

/// The command line of `simdnetd`, parsed by hand (swift-argument-parser
/// imports Foundation, which the daemon must not).
public struct Options: Equatable, Sendable {
  public var socketPath: String?
  public var stdio = false
  public var model = ModelName.xor
  public var learningRate = 0.1
  public var maxClients = 64
  public var help = false

  public init() {}

  public static let usage = """
    usage: simdnetd (--socket PATH | --stdio) [--model xor|iris|or|and]
                    [--learning-rate A] [--max-clients N]

      --socket PATH        serve clients on a Unix domain socket at PATH
      --stdio              serve one client on standard input and output
      --model NAME         the compiled-in network: xor (2-4-1, default),
                           iris (4-6-3), or (2-1), and (2-1)
      --learning-rate A    alpha of the learn request's SGD step (default 0.1)
      --max-clients N      clients served at once, 1 to 1024 (default 64)
      -h, --help           show this help

    """

  /// Parses the arguments after the program name. `--flag value` and
  /// `--flag=value` both work.
  public static func parse(_ arguments: some Collection<String>) throws(DaemonError) -> Options {
    var options = Options()
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
      var flag = argument
      var inlineValue: String? = nil
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        flag = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      func value() throws(DaemonError) -> String {
        if let inlineValue { return inlineValue }
        guard let next = remaining.popFirst() else {
          throw DaemonError("\(flag) needs a value")
        }
        return next
      }
      switch flag {
      case "--socket":
        options.socketPath = try value()
      case "--stdio":
        guard inlineValue == nil else { throw DaemonError("--stdio takes no value") }
        options.stdio = true
      case "--model":
        let name = try value()
        guard let model = ModelName(rawValue: name) else {
          throw DaemonError("unknown model '\(name)' (expected xor, iris, or or and)")
        }
        options.model = model
      case "--learning-rate":
        let text = try value()
        guard let rate = Double(text), rate.isFinite, rate > 0 else {
          throw DaemonError("--learning-rate must be a positive finite number, not '\(text)'")
        }
        options.learningRate = rate
      case "--max-clients":
        let text = try value()
        guard let count = Int(text), (1...1024).contains(count) else {
          throw DaemonError("--max-clients must be an integer from 1 to 1024, not '\(text)'")
        }
        options.maxClients = count
      case "-h", "--help":
        options.help = true
      default:
        throw DaemonError("unknown argument '\(argument)'")
      }
    }
    if !options.help {
      if options.socketPath != nil && options.stdio {
        throw DaemonError("give either --socket or --stdio, not both")
      }
      if options.socketPath == nil && !options.stdio {
        throw DaemonError("give --socket PATH or --stdio")
      }
    }
    return options
  }
}

/// Writes `text` to a file descriptor (start-up messages; allocates).
public func writeText(_ text: String, to fd: Int32) {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty {
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if n < 0 && errno == EINTR { continue }
    if n <= 0 { return }
    bytes = bytes.dropFirst(n)
  }
}

import Glibc

/// The command line of `simdnetd`, parsed by hand (swift-argument-parser
/// imports Foundation, which the daemon must not).
public struct Options: Equatable, Sendable {
  public var socketPath: String?
  public var stdio = false
  public var model = ModelName.xor
  public var learningRate = 0.1
  public var maxClients = 64
  /// Milliseconds; 0: never.
  public var idleTimeout = 60_000
  public var help = false

  public init() {}

  public static let usage = """
    usage: simdnetd (--socket PATH | --stdio) [--model xor|iris|or|and]
                    [--learning-rate A] [--max-clients N] [--idle-timeout S]

      --socket PATH        serve clients on a Unix domain socket at PATH
      --stdio              serve one client on standard input and output
      --model NAME         the compiled-in network: xor (2-4-1, default),
                           iris (4-6-3), or (2-1), and (2-1)
      --learning-rate A    alpha of the learn request's SGD step (default 0.1)
      --max-clients N      clients served at once, 1 to 1024 (default 64; fewer
                           if the open-file limit, ulimit -n, is too low)
      --idle-timeout S     close a socket client after S seconds in which
                           nothing was read from it or written to it: an idle
                           one gets an error line first, one that leaves its
                           replies unread is logged (default 60; 0: never)
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
      case "--idle-timeout":
        let text = try value()
        guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
          throw DaemonError(
            "--idle-timeout must be a number of seconds from 0 to 86400, not '\(text)'")
        }
        // A positive timeout shorter than a millisecond is one, not "never".
        options.idleTimeout = seconds == 0 ? 0 : max(1, Int((seconds * 1000).rounded()))
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

/// Descriptors the daemon holds besides its clients' sockets: standard
/// input, output and error, the listener, the spare it trades to refuse a
/// client when out of descriptors, and one to refuse a client past
/// `--max-clients`.
public let reservedDescriptors = 6

/// The number of socket clients the open-file limit (`RLIMIT_NOFILE`) lets
/// the daemon serve, at most `requested`: the soft limit is first raised
/// toward the hard one if it is too low. With fewer than `requested`, also
/// the warning to print.
public func clientsWithinDescriptorLimit(_ requested: Int) -> (clients: Int, warning: String?) {
  var limit = rlimit()
  guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
    return (requested, nil)
  }
  let needed = rlim_t(requested + reservedDescriptors)
  if limit.rlim_cur < needed && limit.rlim_max > limit.rlim_cur {
    var raised = limit
    raised.rlim_cur = min(needed, limit.rlim_max)  // RLIM_INFINITY is the largest rlim_t
    if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
  }
  guard limit.rlim_cur < needed else { return (requested, nil) }
  let clients = max(0, Int(limit.rlim_cur) - reservedDescriptors)
  return (
    clients,
    "the open-file limit (ulimit -n) is \(limit.rlim_cur), enough for \(clients) of the "
      + "\(requested) clients asked for (\(reservedDescriptors) descriptors are the daemon's own)"
  )
}

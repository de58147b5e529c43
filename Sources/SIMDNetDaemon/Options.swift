import Glibc
import SIMDNet
import SIMDNetWeights

/// The command line of `simdnetd`, parsed by hand (swift-argument-parser
/// imports Foundation, which the daemon must not).
public struct Options: Equatable, Sendable {
  public var socketPath: String?
  public var stdio = false
  public var model = ModelName.xor
  /// A weights file to serve instead of a fixture; SIGHUP reads it again.
  public var weightsPath: String?
  /// The loss of `learn` steps on a `--weights` network.
  public var loss = Loss.halfSquaredError
  /// Whether `learn` requests are taken.
  public var learn = false
  /// Where the learned weights are kept (`--weights` only).
  public var statePath: String?
  /// Learning steps between checkpoints of `statePath`; 0: only on stop
  /// and reload.
  public var checkpointEvery = 100
  /// The socket file's permission bits.
  public var socketMode: mode_t = 0o600
  public var learningRate = 0.1
  public var maxClients = 64
  /// Milliseconds; 0: never.
  public var idleTimeout = 60_000
  public var help = false

  public init() {}

  public static let usage = """
    usage: simdnetd (--socket PATH | --stdio) [--model xor|iris|or|and | --weights W.json]
                    [--learn] [--state S.json] [--checkpoint-every N] [--loss NAME]
                    [--learning-rate A] [--socket-mode MODE] [--max-clients N]
                    [--idle-timeout S]

      --socket PATH        serve clients on a Unix domain socket at PATH
      --stdio              serve one client on standard input and output
      --model NAME         the compiled-in network: xor (2-4-1, default),
                           iris (4-4-3), or (2-1), and (2-1)
      --weights W.json     serve a weights file written by simdnet (train
                           --save); SIGHUP reads it again and serves it if
                           it is valid and has the same inputs and outputs
      --learn              take learn requests (refused without it)
      --state S.json       keep the learned weights in S.json (with
                           --weights): written atomically every
                           --checkpoint-every steps, on SIGHUP and on
                           SIGTERM/SIGINT; read at start-up instead of
                           --weights when its shape is the same
      --checkpoint-every N learn steps between checkpoints (default 100;
                           0: only on reload and stop)
      --loss NAME          the loss learn steps descend on a --weights
                           network: half-squared (default) or cross-entropy
      --learning-rate A    alpha of the learn request's SGD step (default 0.1)
      --socket-mode MODE   the socket's permissions, in octal (default 600:
                           the daemon's user only; 660 lets its group in)
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
    var modelGiven = false
    var lossGiven = false
    var checkpointsGiven = false
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
      /// The flag's value read by `make`, or an error naming the `kind`
      /// and the `expected` names.
      func named<T>(_ kind: String, _ expected: String, _ make: (String) -> T?)
        throws(DaemonError) -> T
      {
        let name = try value()
        guard let made = make(name) else {
          throw DaemonError("unknown \(kind) '\(name)' (expected \(expected))")
        }
        return made
      }
      switch flag {
      case "--socket":
        options.socketPath = try value()
      case "--stdio":
        guard inlineValue == nil else { throw DaemonError("--stdio takes no value") }
        options.stdio = true
      case "--model":
        options.model = try named("model", "xor, iris, or or and", ModelName.init(rawValue:))
        modelGiven = true
      case "--weights":
        options.weightsPath = try value()
      case "--learn":
        guard inlineValue == nil else { throw DaemonError("--learn takes no value") }
        options.learn = true
      case "--state":
        options.statePath = try value()
      case "--checkpoint-every":
        let text = try value()
        guard let count = Int(text), count >= 0 else {
          throw DaemonError(
            "--checkpoint-every must be a whole number of steps, 0 or more, not '\(text)'")
        }
        options.checkpointEvery = count
        checkpointsGiven = true
      case "--loss":
        options.loss = try named("loss", "half-squared or cross-entropy", Loss.init(name:))
        lossGiven = true
      case "--socket-mode":
        let text = try value()
        guard let mode = Int(text, radix: 8), (0...0o777).contains(mode), mode & 0o600 == 0o600
        else {
          throw DaemonError(
            "--socket-mode must be octal permissions from 600 to 777 that let the owner read and write (e.g. 600, 660), not '\(text)'"
          )
        }
        options.socketMode = mode_t(mode)
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
      if modelGiven && options.weightsPath != nil {
        throw DaemonError("give either --model or --weights, not both")
      }
      if checkpointsGiven && options.statePath == nil {
        throw DaemonError("--checkpoint-every needs --state")
      }
      if options.weightsPath == nil {
        if options.statePath != nil { throw DaemonError("--state needs --weights") }
        if lossGiven {
          throw DaemonError("--loss is for --weights (a fixture learns with its own loss)")
        }
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

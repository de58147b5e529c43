import AllocationCounter
import Foundation
import SIMDNetDaemon
import SIMDNetFixtures
import Testing

#if DEBUG
  let isOptimized = false
#else
  let isOptimized = true
#endif

/// An executable SwiftPM built next to the test bundle (the test target
/// depends on it): the first directory at or above the bundle's that holds
/// one called `name`.
func builtExecutable(_ name: String) -> URL {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    .deletingLastPathComponent()
  while directory.path != "/" {
    let candidate = directory.appendingPathComponent(name)
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    directory.deleteLastPathComponent()
  }
  fatalError("no \(name) executable above \(CommandLine.arguments[0])")
}

let simdnetdExecutable = builtExecutable("simdnetd")
/// The tool, whose `predict` is the reference for a weights file's answers.
let simdnetExecutable = builtExecutable("simdnet")

/// A socket path short enough for `sun_path`, unique to this call.
func temporarySocketPath() -> String {
  "/tmp/simdnetd-test-\(UUID().uuidString.prefix(8)).sock"
}

struct TestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A blocking client of a daemon's socket, reading replies line by line.
final class Client: @unchecked Sendable {
  let fd: Int32
  var buffer: [UInt8] = []

  init(path: String) throws {
    fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestError("socket failed") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard connected == 0 else {
      close(fd)
      throw TestError("connect to \(path) failed: errno \(errno)")
    }
    // A reply that never comes fails the test instead of hanging it.
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { close(fd) }

  /// Sends raw bytes.
  func send(bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard n > 0 else { throw TestError("send failed: errno \(errno)") }
      offset += n
    }
  }

  func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

  /// The next reply line, without its newline; nil at end of file.
  func readLine() throws -> String? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return line
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n == 0 { return nil }
      guard n > 0 else { throw TestError("recv failed: errno \(errno)") }
      buffer.append(contentsOf: chunk[..<n])
    }
  }

  /// Sends one request line and reads its reply.
  func request(_ line: String) throws -> String {
    try send(line + "\n")
    guard let reply = try readLine() else { throw TestError("connection closed") }
    return reply
  }

  /// Closes the sending direction only.
  func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }
}

/// A `simdnetd` child process serving a temporary socket.
final class Daemon {
  let process = Process()
  let socketPath: String
  /// Where its standard error goes.
  let logPath: String

  /// - Parameter descriptorLimit: the open-file limit (`ulimit -n`) to
  ///   start it with, if not the test's own.
  init(_ arguments: [String] = [], descriptorLimit: Int? = nil) throws {
    socketPath = temporarySocketPath()
    logPath = socketPath + ".log"
    if let descriptorLimit {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments =
        ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", simdnetdExecutable.path]
        + ["--socket", socketPath] + arguments
    } else {
      process.executableURL = simdnetdExecutable
      process.arguments = ["--socket", socketPath] + arguments
    }
    FileManager.default.createFile(atPath: logPath, contents: nil)
    process.standardError = FileHandle(forWritingAtPath: logPath)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if (try? Client(path: socketPath)) != nil { return }
      usleep(10_000)
    }
    process.terminate()
    throw TestError("simdnetd did not start listening on \(socketPath)")
  }

  func connect() throws -> Client { try Client(path: socketPath) }

  /// What it has written to standard error so far.
  var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

  /// Asks `client` for `stats` until the daemon counts `count` clients (the
  /// start-up probe leaves when the daemon reads its end of file, which may
  /// be a step later); returns the last reply.
  func awaitClientCount(_ count: Int, asking client: Client) throws -> String {
    var stats = try client.request("stats")
    for _ in 0..<500 where !stats.hasSuffix(" clients \(count)") {
      usleep(10_000)
      stats = try client.request("stats")
    }
    return stats
  }

  /// User and system CPU time the daemon has used, in seconds.
  var cpuSeconds: Double {
    let stat =
      (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8))
      ?? ""
    // Fields after the parenthesised command name; utime and stime are 14 and 15.
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
      return .nan
    }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// The number of descriptors it has open.
  var openDescriptors: Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd"))?
      .count ?? -1
  }

  /// Sets its soft open-file limit while it runs, as `prlimit(1)` does
  /// (the hard limit stays, so that the soft one can go back up); false if
  /// that failed.
  func limitDescriptors(to count: Int) -> Bool {
    typealias PrLimit =
      @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32
    // The Glibc module does not declare prlimit.
    guard let symbol = dlsym(nil, "prlimit") else { return false }
    let prlimit = unsafeBitCast(symbol, to: PrLimit.self)
    let pid = process.processIdentifier
    let resource = Int32(RLIMIT_NOFILE.rawValue)
    var limit = rlimit()
    guard prlimit(pid, resource, nil, &limit) == 0 else { return false }
    limit.rlim_cur = rlim_t(count)
    return prlimit(pid, resource, &limit, nil) == 0
  }

  /// Sends SIGTERM and waits; returns the exit status.
  func terminate() -> Int32 {
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Sends SIGKILL and waits.
  func killHard() {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// Sends SIGHUP and waits until the log has one more line about a
  /// reload (`reloaded` or `reload refused`); returns that line.
  func reload() throws -> String {
    func reloadLines() -> [Substring] {
      log.split(separator: "\n").filter { $0.contains(" reload") }
    }
    let before = reloadLines().count
    kill(process.processIdentifier, SIGHUP)
    for _ in 0..<1000 {
      let lines = reloadLines()
      if lines.count > before { return String(lines[before]) }
      usleep(10_000)
    }
    throw TestError("no reload line in the log after SIGHUP: \(log)")
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    unlink(socketPath)
    unlink(logPath)
  }
}

/// A prediction reply's numbers; nil if any field is not a number.
///
/// A reply that starts with a class name (a network with classes, such as
/// iris) gives its outputs only if the name is that of the largest output,
/// the first of equal ones, among `classes`.
func parseOutputs(_ reply: String, classes: [String] = irisNetworkClasses) -> [Double]? {
  var fields = reply.split(separator: ",", omittingEmptySubsequences: false)
  var name: String?
  if let first = fields.first, Double(String(first)) == nil {
    name = String(first)
    fields.removeFirst()
  }
  let values = fields.compactMap { Double(String($0)) }
  guard values.count == fields.count, !values.isEmpty else { return nil }
  if let name {
    var largest = 0
    for k in values.indices where values[k] > values[largest] { largest = k }
    guard values.count == classes.count, classes[largest] == name else { return nil }
  }
  return values
}

/// Runs `simdnetd --stdio` with `arguments` and `input`; returns its exit
/// status and standard output.
func runStdio(_ arguments: [String], input: [UInt8]) throws -> (status: Int32, output: [UInt8]) {
  let result = try run(simdnetdExecutable, ["--stdio"] + arguments, input: input)
  return (result.status, result.output)
}

/// The lines of `bytes`, each without its newline, and whether the last
/// one had a newline.
func lines(_ bytes: [UInt8]) -> (lines: [String], terminated: Bool) {
  var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    .map { String(decoding: $0, as: UTF8.self) }
  let terminated = lines.last == ""
  if terminated { lines.removeLast() }
  return (lines, terminated)
}

/// Runs `simdnetd` with `arguments` to its exit (for start-up failures);
/// returns its exit status and what it wrote to standard error.
func runSimdnetd(_ arguments: [String]) throws -> (status: Int32, errors: String) {
  let result = try run(simdnetdExecutable, arguments, input: [])
  return (result.status, result.errors)
}

/// A pipe whose two descriptors close on `exec`, so that a daemon another
/// test starts meanwhile does not inherit them and hold the pipe open (see
/// `run`). The child's ends still reach it: spawning copies them to its
/// standard streams, and the copies stay open.
func closeOnExecPipe() -> Pipe {
  let pipe = Pipe()
  for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
    _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
  }
  return pipe
}

/// Runs `executable` with `arguments` and `input` on its standard input;
/// returns its exit status, standard output and standard error.
///
/// Through temporary files, not pipes: tests run in parallel, and a daemon
/// that another test starts at the same moment can inherit a pipe's write
/// end, so that reading to the end of the pipe waits for that daemon to
/// exit. (It did: two runs hung for ten minutes until the daemons were
/// killed.) A file has no end to wait for.
///
/// A program that has not exited after `timeout` seconds — a daemon that
/// should have refused to start but serves — is killed, and the run throws,
/// so that the test fails instead of hanging the suite.
func run(_ executable: URL, _ arguments: [String], input: [UInt8], timeout: Double = 60) throws
  -> (status: Int32, output: [UInt8], errors: String)
{
  let directory = FileManager.default.temporaryDirectory.path
  let paths = ["in", "out", "err"].map { "\(directory)/simdnetd-run-\(UUID().uuidString).\($0)" }
  defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
  try Data(input).write(to: URL(fileURLWithPath: paths[0]))
  for path in paths.dropFirst() { _ = FileManager.default.createFile(atPath: path, contents: nil) }
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  let handles = [
    try FileHandle(forReadingFrom: URL(fileURLWithPath: paths[0])),
    try FileHandle(forWritingTo: URL(fileURLWithPath: paths[1])),
    try FileHandle(forWritingTo: URL(fileURLWithPath: paths[2])),
  ]
  // Closed here, once the child has them, not whenever ARC frees them:
  // corelibs Foundation's `Process` under parallel tests has been seen to
  // fail with "Bad file descriptor" (swiftlang/swift#57827).
  defer { for handle in handles { try? handle.close() } }
  process.standardInput = handles[0]
  process.standardOutput = handles[1]
  process.standardError = handles[2]
  try process.run()
  let deadline = Date(timeIntervalSinceNow: timeout)
  while process.isRunning && Date() < deadline { usleep(10_000) }
  if process.isRunning {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    throw TestError("\(executable.lastPathComponent) \(arguments) ran for \(timeout) s; killed")
  }
  process.waitUntilExit()
  let read = { (path: String) in FileManager.default.contents(atPath: path) ?? Data() }
  return (
    process.terminationStatus, Array(read(paths[1])),
    String(decoding: read(paths[2]), as: UTF8.self)
  )
}

/// The kernel's prediction of one example for each model, as an array.
func kernelPredict(_ model: ModelName, _ x: [Double]) -> [Double] {
  switch model {
  case .xor:
    let y = xorNetwork.predict(InlineArray<2, Double> { x[$0] })
    return [y[0]]
  case .or:
    let y = orNeuron.predict(InlineArray<2, Double> { x[$0] })
    return [y[0]]
  case .and:
    let y = andNeuron.predict(InlineArray<2, Double> { x[$0] })
    return [y[0]]
  case .iris:
    let y = irisNetwork.predict(InlineArray<4, Double> { x[$0] })  // raw features
    return [y[0], y[1], y[2]]
  }
}

/// Formats inputs as a request line with Swift's shortest round-trip form.
func requestLine(_ x: [Double]) -> String {
  x.map { "\($0)" }.joined(separator: ",")
}

/// Deterministic pseudo-random inputs.
struct InputGenerator {
  var generator: MersenneTwister
  init(seed: UInt64) { generator = MersenneTwister(seed: seed) }
  mutating func next(_ width: Int) -> [Double] {
    (0..<width).map { _ in generator.flat(from: -3, to: 3) }
  }
}

/// Whether this build counts allocations: not under a sanitizer, whose own
/// allocator the counter steps aside for.
let allocationCounterIsCounting = simdnet_allocation_counter_is_counting()

/// This thread's allocation count so far.
func allocationsSoFar() -> UInt64 { simdnet_allocation_counts_current().allocations }

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

/// The `simdnetd` executable SwiftPM built next to the test bundle (the test
/// target depends on it): the first directory at or above the bundle's that
/// holds one.
let simdnetdExecutable: URL = {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    .deletingLastPathComponent()
  while directory.path != "/" {
    let candidate = directory.appendingPathComponent("simdnetd")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    directory.deleteLastPathComponent()
  }
  fatalError("no simdnetd executable above \(CommandLine.arguments[0])")
}()

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

  init(_ arguments: [String] = []) throws {
    socketPath = temporarySocketPath()
    process.executableURL = simdnetdExecutable
    process.arguments = ["--socket", socketPath] + arguments
    process.standardError = FileHandle.nullDevice
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

  /// Sends SIGTERM and waits; returns the exit status.
  func terminate() -> Int32 {
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    return process.terminationStatus
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    unlink(socketPath)
  }
}

/// A prediction reply's numbers; nil if any field is not a number.
func parseOutputs(_ reply: String) -> [Double]? {
  let fields = reply.split(separator: ",", omittingEmptySubsequences: false)
  let values = fields.compactMap { Double(String($0)) }
  return values.count == fields.count ? values : nil
}

/// Runs `simdnetd` with `arguments` to its exit (for start-up failures);
/// returns its exit status and what it wrote to standard error.
func runSimdnetd(_ arguments: [String]) throws -> (status: Int32, errors: String) {
  let process = Process()
  process.executableURL = simdnetdExecutable
  process.arguments = arguments
  let errors = Pipe()
  process.standardError = errors
  try process.run()
  let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, message)
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
    let y = irisNetwork.predict(InlineArray<4, Double> { x[$0] })
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

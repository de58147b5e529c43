import Foundation
import SIMDNetDaemon
import Testing

/// The built `simdnetd` against clients that stop early, poison, stall, hog
/// descriptors or idle: the reproducers of issue 12. Timeouts are short, but
/// every one is far from what the test waits for, so a loaded machine is
/// slower, not wrong.
@Suite("simdnetd under misbehaving clients")
struct MisbehavingClientTests {
  static let unterminated = "error: last line has no newline (not run: it may be cut short)"

  /// The number of `replies` that are not the kernel's bits for `examples`.
  func mismatches(_ replies: [String], _ examples: [[Double]]) -> Int {
    zip(examples, replies).count { x, reply in
      parseOutputs(reply)?.map(\.bitPattern) != kernelPredict(.xor, x).map(\.bitPattern)
    }
  }

  @Test("--stdio answers every line before end of input; an unterminated last one gets an error")
  func stdioEndOfInput() throws {
    // The reproducer: 1,000 lines and end of file got 807 replies.
    let ones = [[Double]](repeating: [1, 0], count: 1000)
    let (status, output) = try runStdio(
      ["--model", "xor"], input: Array(String(repeating: "1,0\n", count: 1000).utf8))
    #expect(status == 0)
    let (replies, terminated) = lines(output)
    #expect(replies.count == 1000)
    #expect(terminated)
    #expect(mismatches(replies, ones) == 0)
    // Far more than the buffers hold, each checked in order, and a last line
    // without its newline.
    var inputs = InputGenerator(seed: 21)
    let examples = (0..<20_000).map { _ in inputs.next(2) }
    let text = examples.map(requestLine).joined(separator: "\n") + "\n1,1"
    let (status2, output2) = try runStdio(["--model", "xor"], input: Array(text.utf8))
    #expect(status2 == 0)
    let (replies2, terminated2) = lines(output2)
    #expect(terminated2)
    #expect(replies2.count == 20_001)
    #expect(mismatches(replies2, examples) == 0)
    #expect(replies2.last == Self.unterminated)
  }

  @Test("--stdio: a reply that cannot be written is an error and exit 1")
  func stdioOutputFails() throws {
    let process = Process()
    process.executableURL = simdnetdExecutable
    process.arguments = ["--stdio"]
    let input = closeOnExecPipe()
    let errors = closeOnExecPipe()
    process.standardInput = input
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    process.standardError = errors
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: Data("1,0\n".utf8))
    try input.fileHandleForWriting.close()
    let message = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(
      message
        == "simdnetd: error: cannot write replies to standard output: No space left on device\n")
  }

  @Test("a socket client that shuts down its sending side gets every reply")
  func halfClose() throws {
    let daemon = try Daemon()
    // The reproducer: 1,000 lines, then shutdown(SHUT_WR), got 807 replies.
    let client = try daemon.connect()
    try client.send(String(repeating: "1,0\n", count: 1000))
    client.shutdownWrite()
    var replies: [String] = []
    while let line = try client.readLine() { replies.append(line) }
    #expect(replies.count == 1000)
    #expect(mismatches(replies, [[Double]](repeating: [1, 0], count: 1000)) == 0)
    // Far more than the buffers hold, sent while the replies are read, then
    // a last line without its newline.
    var inputs = InputGenerator(seed: 22)
    let examples = (0..<50_000).map { _ in inputs.next(2) }
    let text = examples.map(requestLine).joined(separator: "\n") + "\n0.5,0."
    let other = try daemon.connect()
    let sender = Thread {
      try? other.send(text)
      other.shutdownWrite()
    }
    sender.start()
    var replies2: [String] = []
    while let line = try other.readLine() { replies2.append(line) }
    #expect(replies2.count == 50_001)
    #expect(mismatches(replies2, examples) == 0)
    #expect(replies2.last == Self.unterminated)
    #expect(daemon.terminate() == 0)
  }

  @Test(
    "a learn step that would poison the model is refused; every client keeps the fixture's answers")
  func poisoningLearn() throws {
    for (model, request, probe) in [
      (ModelName.xor, "learn 1.7e308,1.7e308;1", [1.0, 0.0]),
      (.iris, "learn 1e308,1e308,1e308,1e308;1,0,0", [5.1, 3.5, 1.4, 0.2]),
    ] {
      let daemon = try Daemon(["--model", model.rawValue, "--learn"])
      let learner = try daemon.connect()
      let other = try daemon.connect()
      #expect(try learner.request(request).hasPrefix("error: learn refused: parameter "))
      #expect(
        parseOutputs(try other.request(requestLine(probe)))?.map(\.bitPattern)
          == kernelPredict(model, probe).map(\.bitPattern))
      #expect(try learner.request("stats").hasPrefix("requests 3 errors 1 learned 0 "))
      #expect(daemon.terminate() == 0)
    }
  }

  @Test("a NUL or any other byte after a number is an error reply, and the next line is served")
  func trailingBytes() throws {
    let input = Array("1,0\u{0}DROP TABLE\n1,0 DROP TABLE\n1,0\n".utf8)
    let (status, output) = try runStdio(["--model", "xor"], input: input)
    #expect(status == 0)
    let (replies, _) = lines(output)
    #expect(replies.count == 3)
    #expect(replies.first == "error: binary data (control or non-ASCII byte at column 4)")
    #expect(replies.dropFirst().first == "error: input 2 is not a number")
    #expect(mismatches(Array(replies.dropFirst(2)), [[1, 0]]) == 0)
  }

  /// Sends each client a prediction request and reads one line: the
  /// kernel's answer if it was served, else its refusal. Returns the
  /// refusals; records an issue for any other line.
  func refusals(_ clients: [Client]) throws -> [String] {
    let answer = kernelPredict(.xor, [1, 0]).map(\.bitPattern)
    var refused: [String] = []
    for client in clients {
      // A refused client's socket may already be closed: its send fails,
      // and the refusal is still there to read.
      try? client.send("1,0\n")
      let line = try client.readLine() ?? "<end of file>"
      if line.hasPrefix("error: ") {
        refused.append(line)
      } else {
        #expect(parseOutputs(line)?.map(\.bitPattern) == answer, "\(line)")
      }
    }
    return refused
  }

  @Test("out of descriptors: new clients get an error line, and the daemon does not spin")
  func descriptorExhaustion() throws {
    let daemon = try Daemon()
    let first = try daemon.connect()
    _ = try daemon.awaitClientCount(1, asking: first)
    // Room for about two more clients, whose descriptors the daemon cannot
    // take back while they stay; then 10 more clients than that.
    #expect(daemon.limitDescriptors(to: daemon.openDescriptors + 2))
    let clients = try (0..<12).map { _ in try daemon.connect() }
    let refused = try refusals(clients)
    #expect(refused.count >= 9, "\(refused)")
    for line in refused { #expect(line == "error: out of file descriptors, try again later") }
    // With nothing to do, it sleeps in poll (a spinning loop burns the
    // whole second).
    let cpu = daemon.cpuSeconds
    usleep(1_000_000)
    #expect(daemon.cpuSeconds - cpu < 0.3)
    #expect(daemon.log.contains("simdnetd: out of file descriptors (EMFILE): refusing new clients"))
    // Descriptors back: served again.
    #expect(daemon.limitDescriptors(to: 1024))
    let next = try daemon.connect()
    #expect(try refusals([next]).isEmpty)
    let count = 2 + clients.count - refused.count
    #expect(try daemon.awaitClientCount(count, asking: first).hasSuffix(" clients \(count)"))
    #expect(daemon.terminate() == 0)
    withExtendedLifetime((clients, next)) {}
  }

  @Test(
    "--max-clients beyond the open-file limit is capped with a warning; clients past it get an error line"
  )
  func descriptorLimitAtStartUp() throws {
    // The reproducer: --max-clients 1024 under ulimit -n 1024, 1,030 clients.
    let daemon = try Daemon(["--max-clients", "1024"], descriptorLimit: 1024)
    #expect(
      daemon.log.hasPrefix(
        "simdnetd: warning: serving at most 1018 clients: the open-file limit (ulimit -n) is 1024, "
          + "enough for 1018 of the 1024 clients asked for (6 descriptors are the daemon's own)\n"))
    let clients = try (0..<1030).map { _ in try daemon.connect() }
    let refused = try refusals(clients)
    // At least the 12 past the cap; more if the daemon inherited descriptors.
    #expect(refused.count >= 12)
    for line in refused {
      #expect(
        line == "error: too many clients (max 1018)"
          || line == "error: out of file descriptors, try again later")
    }
    let cpu = daemon.cpuSeconds
    usleep(1_000_000)
    #expect(daemon.cpuSeconds - cpu < 0.3)
    #expect(daemon.terminate() == 0)
    withExtendedLifetime(clients) {}
  }

  @Test("idle clients are told and closed after --idle-timeout; active ones stay; slots come back")
  func idleTimeout() throws {
    let daemon = try Daemon(["--max-clients", "3", "--idle-timeout", "2"])
    let active = try daemon.connect()
    _ = try daemon.awaitClientCount(1, asking: active)
    let idle = try (0..<2).map { _ in try daemon.connect() }
    let late = try daemon.connect()
    #expect(try late.readLine() == "error: too many clients (max 3)")
    // One request every 0.1 s for 3 s: never 2 s without progress.
    let answer = kernelPredict(.xor, [1, 0]).map(\.bitPattern)
    let start = Date()
    var served = 0
    while Date().timeIntervalSince(start) < 3 {
      if parseOutputs(try active.request("1,0"))?.map(\.bitPattern) == answer { served += 1 }
      usleep(100_000)
    }
    #expect(served >= 10)
    for client in idle {
      #expect(try client.readLine() == "error: idle for 2 s, closing")
      #expect(try client.readLine() == nil)
    }
    let next = try daemon.connect()
    #expect(try refusals([next]).isEmpty)
    #expect(try active.request("stats").hasSuffix(" clients 2"))
    #expect(daemon.log.contains(": idle for 2 s\n"))
    #expect(daemon.terminate() == 0)
    withExtendedLifetime(next) {}
  }

  @Test("a client that never reads its replies stalls no one and is closed after --idle-timeout")
  func unreadReplies() throws {
    let daemon = try Daemon(["--idle-timeout", "1"])
    let glutton = try daemon.connect()
    let closed = DispatchSemaphore(value: 0)
    let flood = Thread {
      let burst = String(repeating: "1,0\n", count: 4096)
      while (try? glutton.send(burst)) != nil {}
      closed.signal()
    }
    flood.start()
    // Meanwhile another client is served, and keeps making progress.
    let fast = try daemon.connect()
    let answer = kernelPredict(.xor, [1, 0]).map(\.bitPattern)
    var served = 0
    let deadline = Date().addingTimeInterval(30)
    while closed.wait(timeout: .now()) == .timedOut && Date() < deadline {
      if parseOutputs(try fast.request("1,0"))?.map(\.bitPattern) == answer { served += 1 }
      usleep(20_000)
    }
    #expect(Date() < deadline, "the glutton was never closed")
    #expect(served > 0)
    #expect(daemon.log.contains(": its replies went unread for 1 s ("))
    #expect(try daemon.awaitClientCount(1, asking: fast).hasSuffix(" clients 1"))
    #expect(daemon.terminate() == 0)
  }
}

import Foundation
import SIMDNetDaemon
import SIMDNetFixtures
import Testing

/// The built `simdnetd`, spawned on a temporary socket and driven by clients.
@Suite("simdnetd process")
struct IntegrationTests {
  @Test("several clients: predictions, learning, stats, bad requests, SIGTERM")
  func serving() throws {
    let daemon = try Daemon(["--model", "xor", "--learning-rate", "0.5", "--learn"])
    let clients = try (0..<3).map { _ in try daemon.connect() }
    var inputs = InputGenerator(seed: 3)
    for round in 0..<20 {
      let x = inputs.next(2)
      let reply = try clients[round % 3].request(requestLine(x))
      #expect(parseOutputs(reply)?.map(\.bitPattern) == kernelPredict(.xor, x).map(\.bitPattern))
    }
    // Bad requests: one error line each, and the connection keeps serving.
    #expect(try clients[0].request("1,2,3") == "error: expected 2 inputs, found 3")
    #expect(try clients[0].request("1,nan") == "error: input 2 is NaN")
    try clients[1].send(bytes: [0xFF, 0x00, 0x41, 0x0A])
    #expect(
      try clients[1].readLine() == "error: binary data (control or non-ASCII byte at column 1)")
    try clients[2].send(String(repeating: "7", count: 10_000) + "\n0,1\n")
    #expect(try clients[2].readLine() == "error: line too long (max 3078 bytes)")
    #expect(try clients[2].readLine().flatMap { parseOutputs($0) } == kernelPredict(.xor, [0, 1]))
    // A client that ends its input mid-line is told that line was not run
    // (it may be `0.5,0.25` cut short), and disturbs nobody.
    do {
      let leaver = try daemon.connect()
      try leaver.send("0.5,0.")
      leaver.shutdownWrite()
      #expect(
        try leaver.readLine() == "error: last line has no newline (not run: it may be cut short)")
      #expect(try leaver.readLine() == nil)
    }
    // Learning on one client changes everyone's predictions, exactly as a
    // kernel SGD step does.
    var training = Training(
      network: xorNetwork, loss: .crossEntropy, learningRate: 0.5, batching: .stochastic)
    var data = Dataset<InlineArray<2, Lanes>, InlineArray<1, Lanes>>(
      inputs: [[1, 1]], targets: [[1]])
    training.runEpoch(on: &data)
    #expect(try clients[0].request("learn 1,1;1") == "ok")
    let expected = training.network.predict([1, 1] as InlineArray<2, Double>)[0]
    #expect(parseOutputs(try clients[1].request("1,1"))?.map(\.bitPattern) == [expected.bitPattern])
    #expect(expected != kernelPredict(.xor, [1, 1])[0])
    // 20 + 2 + 1 + 2 + 1 + learn + 1 = 28 lines so far, this one the 29th.
    let stats = try clients[2].request("stats")
    #expect(stats.hasPrefix("requests 29 errors 5 learned 1 clients "), "\(stats)")
    // The departed client and the start-up probe leave when the daemon
    // reads their end of file, which may be a step later.
    var clientCount = stats
    for _ in 0..<100 where !clientCount.hasSuffix(" clients 3") {
      usleep(10_000)
      clientCount = try clients[2].request("stats")
    }
    #expect(clientCount.hasSuffix(" clients 3"), "\(clientCount)")
    #expect(daemon.terminate() == 0)
    #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    // Optimised builds may end the clients' lifetimes (closing their
    // sockets) after their last use; they must stay connected until here.
    withExtendedLifetime(clients) {}
  }

  @Test("a slow client, one that does not read, and one sending byte by byte stall no one")
  func slowClients() throws {
    let daemon = try Daemon()
    let dribbler = try daemon.connect()
    try dribbler.send("0")  // and then nothing for a while
    let glutton = try daemon.connect()
    // Pipelines far more requests than the output buffer holds, reads nothing.
    let burst = String(repeating: "0,1\n", count: 20_000)
    let writer = Thread { try? glutton.send(burst) }
    writer.start()
    let fast = try daemon.connect()
    let start = Date()
    for _ in 0..<200 {
      #expect(try fast.request("1,0").hasPrefix("0.99"))
    }
    #expect(Date().timeIntervalSince(start) < 10)
    try dribbler.send(",")
    try dribbler.send("1\n")
    #expect(try dribbler.readLine().flatMap { parseOutputs($0) } == kernelPredict(.xor, [0, 1]))
    // The glutton, once it reads, gets every reply in order.
    var count = 0
    while count < 20_000, let line = try glutton.readLine() {
      #expect(line == "0.99628773274902316")
      count += 1
    }
    #expect(count == 20_000)
    #expect(daemon.terminate() == 0)
  }

  @Test("too many clients are refused; a stale socket file is replaced; a live one refused")
  func clientLimitAndStaleSocket() throws {
    let daemon = try Daemon(["--max-clients", "2"])
    let a = try daemon.connect()
    // Daemon's readiness probe holds a slot until the daemon sees it close.
    while try !a.request("stats").hasSuffix("clients 1") { usleep(1000) }
    let b = try daemon.connect()
    let c = try daemon.connect()
    #expect(try c.readLine() == "error: too many clients (max 2)")
    #expect(try c.readLine() == nil)
    #expect(try a.request("stats").hasSuffix(" errors 0 learned 0 clients 2"))
    withExtendedLifetime(b) {}
    // A second daemon on the same live socket refuses to start.
    let second = try runSimdnetd(["--socket", daemon.socketPath])
    #expect(second.status == 1)
    #expect(
      second.errors == "simdnetd: error: another daemon is listening on \(daemon.socketPath)\n")
    #expect(try a.request("0,0").hasPrefix("0.00"))
    // SIGKILL leaves the socket file behind; the next daemon removes it.
    kill(daemon.process.processIdentifier, SIGKILL)
    daemon.process.waitUntilExit()
    #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
    let next = Process()
    next.executableURL = simdnetdExecutable
    next.arguments = ["--socket", daemon.socketPath, "--model", "and"]
    next.standardError = FileHandle.nullDevice
    try next.run()
    var client: Client? = nil
    for _ in 0..<500 where client == nil {
      client = try? Client(path: daemon.socketPath)
      if client == nil { usleep(10_000) }
    }
    let reply = try #require(client).request("1,1")
    #expect(parseOutputs(reply) == kernelPredict(.and, [1, 1]))
    kill(next.processIdentifier, SIGINT)
    next.waitUntilExit()
    #expect(next.terminationStatus == 0)
    #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
  }

  @Test("--stdio serves through pipes and exits 0 at end of input")
  func stdio() throws {
    let process = Process()
    process.executableURL = simdnetdExecutable
    process.arguments = ["--stdio", "--model", "iris", "--learn"]
    let input = closeOnExecPipe()
    let output = closeOnExecPipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var inputs = InputGenerator(seed: 5)
    let examples = (0..<50).map { _ in inputs.next(4) }
    var text = examples.map(requestLine).joined(separator: "\n") + "\nlearn 5,3,1,0;1,0,0\n"
    text += "1,2\nstats\nunfinished"
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let replies = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(replies.count == 55)  // 54 lines and the final newline's empty tail
    for (x, reply) in zip(examples, replies) {
      #expect(
        parseOutputs(String(reply))?.map(\.bitPattern) == kernelPredict(.iris, x).map(\.bitPattern))
    }
    #expect(replies[50] == "ok")
    #expect(replies[51] == "error: expected 4 inputs, found 2")
    #expect(replies[52] == "requests 53 errors 1 learned 1 clients 1")
    #expect(replies[53] == "error: last line has no newline (not run: it may be cut short)")
  }

  @Test("bad flags: one error line and the usage, exit 2")
  func badFlags() throws {
    let (status, message) = try runSimdnetd(["--socket", "/tmp/x.sock", "--model", "cat"])
    #expect(status == 2)
    #expect(
      message.hasPrefix(
        "simdnetd: error: unknown model 'cat' (expected xor, iris, or or and)\nusage: simdnetd"))
  }
}

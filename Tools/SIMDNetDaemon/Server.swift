import Glibc
import Synchronization

/// A start-up failure, with the one line to print.
public struct DaemonError: Error, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A listening Unix domain socket, non-blocking.
public struct Listener: Sendable {
  public let fd: Int32
  public let path: String

  /// Binds and listens at `path`. A socket file left there by a daemon that
  /// is gone (connecting to it is refused) is removed first; a live one, or
  /// a file that is not a socket, is an error.
  public init(path: String, backlog: Int32 = 128) throws(DaemonError) {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let pathBytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard !pathBytes.isEmpty, pathBytes.count < capacity else {
      throw DaemonError("socket path must be 1 to \(capacity - 1) bytes: \(path)")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: pathBytes)
      raw[pathBytes.count] = 0
    }
    var status = stat()
    if lstat(path, &status) == 0 {
      guard status.st_mode & S_IFMT == S_IFSOCK else {
        throw DaemonError("\(path) exists and is not a socket; not removing it")
      }
      if Self.isLive(&address) {
        throw DaemonError("another daemon is listening on \(path)")
      }
      guard unlink(path) == 0 || errno == ENOENT else {
        throw DaemonError("cannot remove stale socket \(path): \(Self.lastError())")
      }
    }
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw DaemonError("socket: \(Self.lastError())") }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard bound == 0 else {
      let message = Self.lastError()
      _ = Glibc.close(fd)
      throw DaemonError("cannot bind \(path): \(message)")
    }
    guard listen(fd, backlog) == 0, Self.setNonBlocking(fd) else {
      let message = Self.lastError()
      _ = Glibc.close(fd)
      unlink(path)
      throw DaemonError("cannot listen on \(path): \(message)")
    }
    self.fd = fd
    self.path = path
  }

  /// Closes the socket and removes its file.
  public func close() {
    _ = Glibc.close(fd)
    unlink(path)
  }

  static func isLive(_ address: inout sockaddr_un) -> Bool {
    let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard probe >= 0 else { return false }
    defer { _ = Glibc.close(probe) }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    return connected == 0 || errno == EAGAIN
  }

  static func setNonBlocking(_ fd: Int32) -> Bool {
    let flags = fcntl(fd, F_GETFL)
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
  }

  static func lastError() -> String { String(cString: strerror(errno)) }
}

/// The poll loop: one thread, non-blocking sockets, every buffer made at
/// start-up.
///
/// Each client has a line buffer of `maxLineLength + 1` bytes and an output
/// buffer of `outputCapacity` bytes. Lines are answered as they complete, in
/// order. Nothing grows:
/// - a line longer than `maxLineLength` is answered with `error: line too
///   long` as soon as the buffer fills, and the rest of it is discarded;
/// - a client whose output buffer has less than one reply's room left is not
///   read from until it reads its replies (its own requests then wait in
///   the kernel's socket buffers, and its writes block — only its own); a
///   client that does not read at all therefore stalls only itself and
///   keeps its slot until it disconnects;
/// - a client whose socket fails (reset, broken pipe) is dropped; a client
///   that disconnects mid-line is dropped silently, after its complete
///   lines are answered and sent if it still reads;
/// - a client beyond `maxClients` gets `error: too many clients (max N)`
///   and is closed.
///
/// After `init` a step allocates nothing: no Swift strings or arrays, only
/// system calls on the buffers.
public final class Server {
  struct Client {
    var readFD: Int32 = -1
    var writeFD: Int32 = -1
    var isSocket = true
    var input: UnsafeMutablePointer<UInt8>
    var inputCount = 0
    /// Skipping the rest of a line that was too long.
    var discarding = false
    /// The peer sent end-of-file: send what is pending, then close.
    var inputClosed = false
    var output: UnsafeMutablePointer<UInt8>
    var outputStart = 0
    var outputEnd = 0

    var isOpen: Bool { readFD >= 0 }
  }

  public let responder: Responder
  public let maxClients: Int
  public let maxLineLength: Int
  public let outputCapacity: Int
  public let listener: Listener?
  let clients: UnsafeMutablePointer<Client>
  let slotCount: Int
  let pollFDs: UnsafeMutablePointer<pollfd>
  /// The client slot of each `pollFDs` entry, -1 for the listener.
  let pollOwners: UnsafeMutablePointer<Int>
  let inputMemory: UnsafeMutablePointer<UInt8>
  let outputMemory: UnsafeMutablePointer<UInt8>
  /// The reply to a client refused for lack of a slot.
  let refusal: UnsafeMutablePointer<UInt8>
  /// The number of clients connected now.
  public private(set) var clientCount = 0
  /// Set when the `--stdio` client has gone: the server has nothing left to do.
  public private(set) var isFinished = false
  let serveStdio: Bool

  /// - Parameters:
  ///   - listener: the socket to accept clients on, if any.
  ///   - stdio: serve one client on standard input and output.
  public init(
    responder: Responder, listener: Listener?, stdio: Bool = false, maxClients: Int = 64,
    outputCapacity: Int = 16 * 1024
  ) {
    precondition(maxClients >= 1)
    precondition(outputCapacity >= 2 * Responder.maxReplyLength)
    self.responder = responder
    self.listener = listener
    self.maxClients = maxClients
    self.maxLineLength = responder.maxLineLength
    self.outputCapacity = outputCapacity
    serveStdio = stdio
    slotCount = maxClients + (stdio ? 1 : 0)
    let inputCapacity = maxLineLength + 1
    inputMemory = .allocate(capacity: slotCount * inputCapacity)
    outputMemory = .allocate(capacity: slotCount * outputCapacity)
    clients = .allocate(capacity: slotCount)
    refusal = .allocate(capacity: Responder.maxReplyLength)
    for slot in 0..<slotCount {
      (clients + slot).initialize(
        to: Client(
          input: inputMemory + slot * inputCapacity, output: outputMemory + slot * outputCapacity))
    }
    pollFDs = .allocate(capacity: 1 + 2 * slotCount)
    pollOwners = .allocate(capacity: 1 + 2 * slotCount)
    if stdio {
      clients[maxClients].readFD = STDIN_FILENO
      clients[maxClients].writeFD = STDOUT_FILENO
      clients[maxClients].isSocket = false
      clientCount = 1
    }
  }

  deinit {
    closeAll()
    clients.deinitialize(count: slotCount)
    clients.deallocate()
    pollFDs.deallocate()
    pollOwners.deallocate()
    inputMemory.deallocate()
    outputMemory.deallocate()
    refusal.deallocate()
  }

  /// Runs steps until `shouldStop` returns true (checked after every step,
  /// and at least every 200 ms) or the `--stdio` client has gone.
  public func run(until shouldStop: () -> Bool) {
    while !shouldStop() && !isFinished {
      step(timeoutMilliseconds: 200)
    }
  }

  /// Waits up to `timeoutMilliseconds` for something to do (returning early
  /// on a signal), then accepts, reads, answers and writes what it can.
  public func step(timeoutMilliseconds: Int32) {
    var count = 0
    if let listener {
      pollFDs[count] = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
      pollOwners[count] = -1
      count += 1
    }
    for slot in 0..<slotCount where clients[slot].isOpen {
      let client = clients[slot]
      let wantsInput = !client.inputClosed && client.inputCount <= maxLineLength && hasRoom(slot)
      let wantsOutput = client.outputEnd > client.outputStart
      if client.readFD == client.writeFD {
        var events: Int16 = 0
        if wantsInput { events |= Int16(POLLIN) }
        if wantsOutput { events |= Int16(POLLOUT) }
        pollFDs[count] = pollfd(fd: client.readFD, events: events, revents: 0)
        pollOwners[count] = slot
        count += 1
      } else {
        if wantsInput {
          pollFDs[count] = pollfd(fd: client.readFD, events: Int16(POLLIN), revents: 0)
          pollOwners[count] = slot
          count += 1
        }
        if wantsOutput {
          pollFDs[count] = pollfd(fd: client.writeFD, events: Int16(POLLOUT), revents: 0)
          pollOwners[count] = slot
          count += 1
        }
      }
    }
    let ready = poll(pollFDs, nfds_t(count), timeoutMilliseconds)
    guard ready > 0 else { return }  // timeout, or EINTR from a signal
    for index in 0..<count where pollFDs[index].revents != 0 {
      let slot = pollOwners[index]
      let revents = pollFDs[index].revents
      if slot < 0 {
        acceptClients()
        continue
      }
      guard clients[slot].isOpen else { continue }
      if pollFDs[index].fd == clients[slot].readFD
        && revents & Int16(POLLIN | POLLHUP | POLLERR) != 0
      {
        readFrom(slot)
      }
      guard clients[slot].isOpen else { continue }
      if pollFDs[index].fd == clients[slot].writeFD && revents & Int16(POLLOUT | POLLERR) != 0 {
        flush(slot)
        if clients[slot].isOpen { answerLines(slot) }
      } else if revents & Int16(POLLNVAL) != 0 {
        drop(slot)
      }
    }
  }

  /// Closes every client and the listener, removing its socket file.
  public func shutdown() {
    for slot in 0..<slotCount where clients[slot].isOpen { flush(slot) }
    closeAll()
    listener?.close()
  }

  func closeAll() {
    for slot in 0..<slotCount where clients[slot].isOpen { drop(slot) }
  }

  func hasRoom(_ slot: Int) -> Bool {
    outputCapacity - (clients[slot].outputEnd - clients[slot].outputStart)
      >= Responder.maxReplyLength
  }

  func acceptClients() {
    guard let listener else { return }
    while true {
      // (The Glibc module does not declare accept4.)
      let fd = accept(listener.fd, nil, nil)
      if fd < 0 { return }  // EAGAIN: no more waiting; other errors: try again next step
      guard Listener.setNonBlocking(fd), fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
        close(fd)
        continue
      }
      var free = -1
      for slot in 0..<maxClients where !clients[slot].isOpen {
        free = slot
        break
      }
      guard free >= 0 else {
        var writer = ReplyWriter(base: refusal, capacity: Responder.maxReplyLength)
        writer.append("error: too many clients (max ")
        writer.append(maxClients)
        writer.append(")\n")
        _ = send(fd, refusal, writer.count, Int32(MSG_NOSIGNAL))
        close(fd)
        continue
      }
      // A free slot is as `init` made it or `drop` left it: empty buffers.
      clients[free].readFD = fd
      clients[free].writeFD = fd
      clientCount += 1
    }
  }

  func readFrom(_ slot: Int) {
    let capacity = maxLineLength + 1
    let client = clients[slot]
    let room = capacity - client.inputCount
    guard room > 0 else { return }
    let n = read(client.readFD, client.input + client.inputCount, room)
    if n > 0 {
      clients[slot].inputCount += n
      answerLines(slot)
      flush(slot)
    } else if n == 0 {
      // End of input: a partial line is dropped; complete ones are answered.
      clients[slot].inputClosed = true
      clients[slot].inputCount = 0
      clients[slot].discarding = false
      flush(slot)
      if clients[slot].isOpen && clients[slot].outputEnd == clients[slot].outputStart {
        drop(slot)
      }
    } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
      drop(slot)
    }
  }

  /// Answers the complete lines in the client's input buffer while its
  /// output buffer has room for a reply.
  func answerLines(_ slot: Int) {
    let input = clients[slot].input
    var start = 0
    let end = clients[slot].inputCount
    while start < end {
      var newline = -1
      for i in start..<end where input[i] == UInt8(ascii: "\n") {
        newline = i
        break
      }
      if newline < 0 { break }
      if clients[slot].discarding {
        clients[slot].discarding = false
      } else {
        guard hasRoom(slot) else { break }
        let reply = reserveReply(slot)
        let written = responder.respond(
          to: input + start, count: newline - start, clients: clientCount, reply: reply)
        clients[slot].outputEnd += written
      }
      start = newline + 1
    }
    if start > 0 {
      let remaining = end - start
      if remaining > 0 { memmove(input, input + start, remaining) }
      clients[slot].inputCount = remaining
    }
    // Still discarding: no newline is left, so all of it is the long line.
    // A full buffer with room for a reply has no newline left: too long.
    if clients[slot].discarding {
      clients[slot].inputCount = 0
    } else if clients[slot].inputCount > maxLineLength && hasRoom(slot) {
      let reply = reserveReply(slot)
      clients[slot].outputEnd += responder.respondLineTooLong(reply: reply)
      clients[slot].inputCount = 0
      clients[slot].discarding = true
    }
    if clients[slot].inputClosed && clients[slot].outputEnd == clients[slot].outputStart {
      drop(slot)
    }
  }

  /// Where the next reply goes: compacts the output buffer if the reply
  /// would not fit after what is pending.
  func reserveReply(_ slot: Int) -> UnsafeMutablePointer<UInt8> {
    let output = clients[slot].output
    if outputCapacity - clients[slot].outputEnd < Responder.maxReplyLength {
      let pending = clients[slot].outputEnd - clients[slot].outputStart
      if pending > 0 { memmove(output, output + clients[slot].outputStart, pending) }
      clients[slot].outputStart = 0
      clients[slot].outputEnd = pending
    }
    return output + clients[slot].outputEnd
  }

  /// Sends what is pending without blocking (sockets), as much as the peer
  /// takes.
  func flush(_ slot: Int) {
    while clients[slot].outputEnd > clients[slot].outputStart {
      let client = clients[slot]
      let pending = client.outputEnd - client.outputStart
      let n =
        client.isSocket
        ? send(client.writeFD, client.output + client.outputStart, pending, Int32(MSG_NOSIGNAL))
        : write(client.writeFD, client.output + client.outputStart, pending)
      if n > 0 {
        clients[slot].outputStart += n
      } else if n < 0 && errno == EINTR {
        continue
      } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
        return
      } else {
        drop(slot)
        return
      }
    }
    clients[slot].outputStart = 0
    clients[slot].outputEnd = 0
    if clients[slot].inputClosed { drop(slot) }
  }

  func drop(_ slot: Int) {
    guard clients[slot].isOpen else { return }
    if clients[slot].isSocket {
      close(clients[slot].readFD)
    } else {
      isFinished = true
    }
    clients[slot].readFD = -1
    clients[slot].writeFD = -1
    clients[slot].inputCount = 0
    clients[slot].outputStart = 0
    clients[slot].outputEnd = 0
    clients[slot].discarding = false
    clients[slot].inputClosed = false
    clientCount -= 1
  }
}

/// Set by SIGTERM and SIGINT once `installStopSignalHandlers` has run.
let stopFlag = Atomic<Bool>(false)

/// Whether SIGTERM or SIGINT has arrived.
public var stopRequested: Bool { stopFlag.load(ordering: .relaxed) }

/// Installs handlers for SIGTERM and SIGINT that only set `stopRequested`
/// (without `SA_RESTART`, so a blocked `poll` returns `EINTR`), and ignores
/// SIGPIPE so that a client gone mid-write is an error, not death.
/// Unblocks SIGTERM and SIGINT if the parent left them blocked.
public func installStopSignalHandlers() {
  _ = stopFlag.load(ordering: .relaxed)  // initialise the global before a handler reads it
  var action = sigaction()
  action.__sigaction_handler.sa_handler = { _ in stopFlag.store(true, ordering: .relaxed) }
  sigemptyset(&action.sa_mask)
  action.sa_flags = 0
  sigaction(SIGTERM, &action, nil)
  sigaction(SIGINT, &action, nil)
  signal(SIGPIPE, SIG_IGN)
  // A parent may have spawned us with them blocked (Foundation's `Process`
  // passes on its thread's mask): unblock them, or SIGTERM would stay pending.
  var unblocked = sigset_t()
  sigemptyset(&unblocked)
  sigaddset(&unblocked, SIGTERM)
  sigaddset(&unblocked, SIGINT)
  sigprocmask(SIG_UNBLOCK, &unblocked, nil)
}

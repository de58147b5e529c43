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
  ///
  /// The socket file gets the permission bits `mode`: by default only the
  /// daemon's user may connect. It has them from the moment it exists (the
  /// umask is narrowed around `bind`), so there is no moment when others
  /// could connect.
  public init(path: String, mode: mode_t = 0o600, backlog: Int32 = 128) throws(DaemonError) {
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
    let savedMask = umask(~mode & 0o777)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    let bindError = errno
    umask(savedMask)
    errno = bindError
    guard bound == 0 else {
      let message = Self.lastError()
      _ = Glibc.close(fd)
      throw DaemonError("cannot bind \(path): \(message)")
    }
    // The umask may not widen what it creates: set `mode` as given.
    guard chmod(path, mode) == 0, listen(fd, backlog) == 0, Self.setNonBlocking(fd) else {
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
///   the kernel's socket buffers, and its writes block — only its own);
/// - a socket client that makes no progress for `idleTimeout` — nothing read
///   from it, nothing written to it — is closed: an idle one after an
///   `error: idle` line, one that does not read its replies with a line on
///   standard error saying so. Its slot is free again;
/// - at the end of a client's input (end of file, or a socket's sending side
///   shut down) its complete lines are all answered and the replies sent
///   before it is closed; bytes after its last newline get an error reply;
/// - a client whose socket fails (reset, broken pipe) is dropped;
/// - a client beyond `maxClients` gets `error: too many clients (max N)`
///   and is closed; so does one that arrives when the process is out of
///   file descriptors (`error: out of file descriptors…`): a spare
///   descriptor, kept open for this, is closed to accept it and opened
///   again, so the listener never stays readable with no way to empty it.
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
    /// The peer sent end-of-file: answer what is buffered, send it, close.
    var inputClosed = false
    var output: UnsafeMutablePointer<UInt8>
    var outputStart = 0
    var outputEnd = 0
    /// When a byte was last read from or written to the client
    /// (`monotonicMilliseconds`).
    var lastProgress = 0

    var isOpen: Bool { readFD >= 0 }
    var hasPendingOutput: Bool { outputEnd > outputStart }
  }

  /// Why the `--stdio` client's streams failed, if they did: its replies
  /// were lost, which the daemon's exit status must say.
  public enum StdioFailure: Equatable, Sendable {
    case read(errno: Int32)
    case write(errno: Int32)
  }

  public let responder: Responder
  public let maxClients: Int
  public let maxLineLength: Int
  public let outputCapacity: Int
  /// Milliseconds without progress after which a socket client is closed;
  /// 0: never.
  public let idleTimeout: Int
  public let listener: Listener?
  let clients: UnsafeMutablePointer<Client>
  let slotCount: Int
  let pollFDs: UnsafeMutablePointer<pollfd>
  /// The client slot of each `pollFDs` entry, -1 for the listener.
  let pollOwners: UnsafeMutablePointer<Int>
  let inputMemory: UnsafeMutablePointer<UInt8>
  let outputMemory: UnsafeMutablePointer<UInt8>
  /// The reply to a client refused for lack of a slot or a descriptor.
  let refusal: UnsafeMutablePointer<UInt8>
  /// A line for standard error.
  let logLine: UnsafeMutablePointer<UInt8>
  /// Held open so that it can be closed to accept, and refuse, a client
  /// when the process has no descriptor left; -1 if none.
  var spareFD: Int32 = -1
  /// While out of descriptors with no spare to trade, the listener is left
  /// out of `poll` until then (`monotonicMilliseconds`).
  var listenerResumesAt = 0
  /// Whether the last `accept` ran out of descriptors (logged once).
  var outOfDescriptors = false
  /// `monotonicMilliseconds` at the start of this step, and after its poll.
  var now = 0
  /// The number of clients connected now.
  public private(set) var clientCount = 0
  /// Set when the `--stdio` client has gone: the server has nothing left to do.
  public private(set) var isFinished = false
  public private(set) var stdioFailure: StdioFailure? = nil
  let serveStdio: Bool

  /// - Parameters:
  ///   - listener: the socket to accept clients on, if any.
  ///   - stdio: serve one client on standard input and output (never timed
  ///     out: a pipe's writer may pause as long as it likes).
  ///   - idleTimeout: milliseconds without progress after which a socket
  ///     client is closed; 0: never.
  public init(
    responder: Responder, listener: Listener?, stdio: Bool = false, maxClients: Int = 64,
    outputCapacity: Int = 16 * 1024, idleTimeout: Int = 60_000
  ) {
    precondition(maxClients >= 1)
    precondition(outputCapacity >= 2 * Responder.maxReplyLength)
    precondition(idleTimeout >= 0)
    self.responder = responder
    self.listener = listener
    self.maxClients = maxClients
    self.maxLineLength = responder.maxLineLength
    self.outputCapacity = outputCapacity
    self.idleTimeout = idleTimeout
    serveStdio = stdio
    slotCount = maxClients + (stdio ? 1 : 0)
    let inputCapacity = maxLineLength + 1
    inputMemory = .allocate(capacity: slotCount * inputCapacity)
    outputMemory = .allocate(capacity: slotCount * outputCapacity)
    clients = .allocate(capacity: slotCount)
    refusal = .allocate(capacity: Responder.maxReplyLength)
    logLine = .allocate(capacity: Responder.maxReplyLength)
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
    if listener != nil { spareFD = Self.openSpare() }
  }

  deinit {
    closeAll()
    if spareFD >= 0 { close(spareFD) }
    clients.deinitialize(count: slotCount)
    clients.deallocate()
    pollFDs.deallocate()
    pollOwners.deallocate()
    inputMemory.deallocate()
    outputMemory.deallocate()
    refusal.deallocate()
    logLine.deallocate()
  }

  static func openSpare() -> Int32 { open("/dev/null", O_RDONLY | O_CLOEXEC) }

  /// Closes the clients that have timed out, waits up to
  /// `timeoutMilliseconds` for something to do (returning early on a
  /// signal), then accepts, reads, answers and writes what it can.
  public func step(timeoutMilliseconds: Int32) {
    now = monotonicMilliseconds()
    closeIdleClients()
    var timeout = timeoutMilliseconds
    var count = 0
    if let listener {
      if now >= listenerResumesAt {
        pollFDs[count] = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
        pollOwners[count] = -1
        count += 1
      } else {
        timeout = Int32(min(Int(timeout), listenerResumesAt - now))
      }
    }
    for slot in 0..<slotCount where clients[slot].isOpen {
      let client = clients[slot]
      let wantsInput = !client.inputClosed && client.inputCount <= maxLineLength && hasRoom(slot)
      let wantsOutput = client.hasPendingOutput
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
    let ready = poll(pollFDs, nfds_t(count), timeout)
    guard ready > 0 else { return }  // timeout, or EINTR from a signal
    now = monotonicMilliseconds()
    for index in 0..<count where pollFDs[index].revents != 0 {
      let slot = pollOwners[index]
      let revents = pollFDs[index].revents
      if slot < 0 {
        acceptClients()
        continue
      }
      guard clients[slot].isOpen else { continue }
      let fd = pollFDs[index].fd
      if fd == clients[slot].readFD && revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        readFrom(slot)
      } else if fd == clients[slot].writeFD && revents & Int16(POLLOUT | POLLHUP | POLLERR) != 0 {
        serve(slot)
      } else if revents & Int16(POLLNVAL) != 0 {
        drop(slot)
      }
    }
  }

  /// Closes every client and the listener, removing its socket file.
  public func shutdown() {
    for slot in 0..<slotCount where clients[slot].isOpen { _ = flush(slot) }
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

  /// Closes the socket clients that have made no progress for
  /// `idleTimeout`: a waiting one is told why first; one that leaves its
  /// replies unread has no room for that, so the reason goes to the log.
  func closeIdleClients() {
    guard idleTimeout > 0 else { return }
    for slot in 0..<maxClients
    where clients[slot].isOpen && now - clients[slot].lastProgress >= idleTimeout {
      let fd = clients[slot].readFD
      let pending = clients[slot].outputEnd - clients[slot].outputStart
      if pending == 0 {
        var writer = ReplyWriter(base: reserveReply(slot), capacity: Responder.maxReplyLength)
        writer.append("error: idle for ")
        writer.appendSeconds(milliseconds: idleTimeout)
        writer.append(" s, closing\n")
        clients[slot].outputEnd += writer.count
        _ = flush(slot)
      }
      log { line in
        line.append("closed client ")
        line.append(decimal: Int(fd))
        line.append(pending == 0 ? ": idle for " : ": its replies went unread for ")
        line.appendSeconds(milliseconds: idleTimeout)
        line.append(" s")
        if pending > 0 {
          line.append(" (")
          line.append(decimal: pending)
          line.append(" bytes pending)")
        }
      }
      drop(slot)
    }
  }

  func acceptClients() {
    guard let listener else { return }
    while true {
      // (The Glibc module does not declare accept4.)
      let fd = accept(listener.fd, nil, nil)
      if fd < 0 {
        switch errno {
        case EINTR, ECONNABORTED: continue
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
          if refuseWithSpare(listener) { continue }
          return
        default: return  // EAGAIN: no one else is waiting
        }
      }
      outOfDescriptors = false
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
        refuse(fd) { writer in
          writer.append("error: too many clients (max ")
          writer.append(decimal: maxClients)
          writer.append(")")
        }
        continue
      }
      // A free slot is as `init` made it or `drop` left it: empty buffers.
      clients[free].readFD = fd
      clients[free].writeFD = fd
      clients[free].lastProgress = now
      clientCount += 1
    }
  }

  /// Out of descriptors with a client waiting: closes the spare, accepts
  /// the client into its number, refuses it, and opens the spare again.
  /// Returns whether to go on accepting. Without a spare to trade (or if
  /// that fails) the listener rests for 100 ms, its clients waiting in the
  /// backlog, rather than waking every `poll` to fail again.
  func refuseWithSpare(_ listener: Listener) -> Bool {
    let reason = errno
    if !outOfDescriptors {
      outOfDescriptors = true
      log { line in
        line.append(
          reason == ENFILE
            ? "the system is out of file descriptors (ENFILE): refusing new clients"
            : "out of file descriptors (EMFILE): refusing new clients")
      }
    }
    if spareFD >= 0 {
      close(spareFD)
      let fd = accept(listener.fd, nil, nil)
      let acceptError = errno
      if fd >= 0 {
        refuse(fd) { $0.append("error: out of file descriptors, try again later") }
      }
      spareFD = Self.openSpare()
      if spareFD >= 0 && fd >= 0 { return true }
      if spareFD >= 0 && (acceptError == EAGAIN || acceptError == EWOULDBLOCK) { return false }
    }
    listenerResumesAt = now + 100
    return false
  }

  /// Sends one line to a client that is not given a slot, and closes it.
  func refuse(_ fd: Int32, _ message: (inout ReplyWriter) -> Void) {
    var writer = ReplyWriter(base: refusal, capacity: Responder.maxReplyLength)
    message(&writer)
    writer.append(UInt8(ascii: "\n"))
    _ = send(fd, refusal, writer.count, Int32(MSG_NOSIGNAL))
    close(fd)
  }

  /// Reads what the client has sent (or its end of file), then serves it.
  func readFrom(_ slot: Int) {
    let client = clients[slot]
    let room = maxLineLength + 1 - client.inputCount
    if !client.inputClosed && room > 0 {
      let n = read(client.readFD, client.input + client.inputCount, room)
      if n > 0 {
        clients[slot].inputCount += n
        clients[slot].lastProgress = now
      } else if n == 0 {
        clients[slot].inputClosed = true
      } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
        return
      } else {
        if !client.isSocket { stdioFailure = .read(errno: errno) }
        drop(slot)
        return
      }
    }
    serve(slot)
  }

  /// Answers the client's buffered lines and sends the replies, as far as
  /// the peer takes them; closes the client once its input has ended and
  /// all of it is answered and sent.
  func serve(_ slot: Int) {
    while true {
      let answered = answerLines(slot)
      guard flush(slot) else { return }  // dropped, or the peer takes no more now
      if !answered { break }
    }
    if clients[slot].inputClosed && clients[slot].inputCount == 0 { drop(slot) }
  }

  /// Answers the complete lines in the client's input buffer while its
  /// output buffer has room for a reply; after the end of its input, also
  /// the bytes after the last newline. Returns whether it answered any.
  func answerLines(_ slot: Int) -> Bool {
    let input = clients[slot].input
    var start = 0
    let end = clients[slot].inputCount
    var answered = false
    var outOfRoom = false
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
        guard hasRoom(slot) else {
          outOfRoom = true
          break
        }
        let reply = reserveReply(slot)
        let written = responder.respond(
          to: input + start, count: newline - start, clients: clientCount, reply: reply)
        clients[slot].outputEnd += written
        answered = true
      }
      start = newline + 1
    }
    if start > 0 {
      let remaining = end - start
      if remaining > 0 { memmove(input, input + start, remaining) }
      clients[slot].inputCount = remaining
    }
    // Still discarding: no newline is left, so all of it is the long line.
    // Otherwise, with room for a reply, what is left holds no newline: a
    // full buffer is a line too long; after end of file, an unterminated one.
    if clients[slot].discarding {
      clients[slot].inputCount = 0
    } else if !outOfRoom && clients[slot].inputCount > 0 && hasRoom(slot) {
      if clients[slot].inputCount > maxLineLength {
        let reply = reserveReply(slot)
        clients[slot].outputEnd += responder.respondLineTooLong(reply: reply)
        clients[slot].inputCount = 0
        clients[slot].discarding = true
        answered = true
      } else if clients[slot].inputClosed {
        let reply = reserveReply(slot)
        clients[slot].outputEnd += responder.respondUnterminatedLine(reply: reply)
        clients[slot].inputCount = 0
        answered = true
      }
    }
    return answered
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
  /// takes. Returns true when nothing is left pending; false if the peer
  /// takes no more for now, or the client failed and was dropped.
  func flush(_ slot: Int) -> Bool {
    while clients[slot].hasPendingOutput {
      let client = clients[slot]
      let pending = client.outputEnd - client.outputStart
      let n =
        client.isSocket
        ? send(client.writeFD, client.output + client.outputStart, pending, Int32(MSG_NOSIGNAL))
        : write(client.writeFD, client.output + client.outputStart, pending)
      if n > 0 {
        clients[slot].outputStart += n
        clients[slot].lastProgress = now
      } else if n < 0 && errno == EINTR {
        continue
      } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
        return false
      } else {
        if !client.isSocket { stdioFailure = .write(errno: n < 0 ? errno : EIO) }
        drop(slot)
        return false
      }
    }
    clients[slot].outputStart = 0
    clients[slot].outputEnd = 0
    return true
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

  /// Writes `simdnetd: <message>` to standard error, if it takes the line
  /// now: a log reader that stalls must not stall the clients.
  func log(_ message: (inout ReplyWriter) -> Void) {
    var writer = ReplyWriter(base: logLine, capacity: Responder.maxReplyLength)
    writer.append("simdnetd: ")
    message(&writer)
    writer.append(UInt8(ascii: "\n"))
    writeLogLine(UnsafeRawBufferPointer(start: logLine, count: writer.count))
  }
}

/// Writes a log line to standard error if it takes it now: a log reader
/// that stalls must not stall the clients.
func writeLogLine(_ line: UnsafeRawBufferPointer) {
  var ready = pollfd(fd: STDERR_FILENO, events: Int16(POLLOUT), revents: 0)
  guard poll(&ready, 1, 0) == 1 && ready.revents & Int16(POLLOUT) != 0 else { return }
  _ = write(STDERR_FILENO, line.baseAddress, line.count)
}

/// Milliseconds on the monotonic clock, which wall-clock changes do not move.
func monotonicMilliseconds() -> Int {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
}

/// Set by SIGTERM and SIGINT once `installSignalHandlers` has run.
let stopFlag = Atomic<Bool>(false)
/// Set by SIGHUP once `installSignalHandlers` has run.
let reloadFlag = Atomic<Bool>(false)

/// Whether SIGTERM or SIGINT has arrived.
public var stopRequested: Bool { stopFlag.load(ordering: .relaxed) }

/// Whether SIGHUP has arrived since the last call; clears it.
public func takeReloadRequest() -> Bool { reloadFlag.exchange(false, ordering: .relaxed) }

/// Installs handlers for SIGTERM and SIGINT that only set `stopRequested`,
/// and for SIGHUP that only sets the flag `takeReloadRequest` reads: a
/// lock-free atomic store, the one thing a handler does, which is
/// async-signal-safe; the loop does the work. Without `SA_RESTART`, so a
/// blocked `poll` returns `EINTR`. Ignores SIGPIPE so that a client gone
/// mid-write is an error, not death. Unblocks the three signals if the
/// parent left them blocked.
public func installSignalHandlers() {
  // Initialise the globals before a handler reads them.
  _ = stopFlag.load(ordering: .relaxed)
  _ = reloadFlag.load(ordering: .relaxed)
  var action = sigaction()
  action.__sigaction_handler.sa_handler = { _ in stopFlag.store(true, ordering: .relaxed) }
  sigemptyset(&action.sa_mask)
  action.sa_flags = 0
  sigaction(SIGTERM, &action, nil)
  sigaction(SIGINT, &action, nil)
  action.__sigaction_handler.sa_handler = { _ in reloadFlag.store(true, ordering: .relaxed) }
  sigaction(SIGHUP, &action, nil)
  signal(SIGPIPE, SIG_IGN)
  // A parent may have spawned us with them blocked (Foundation's `Process`
  // passes on its thread's mask): unblock them, or SIGTERM would stay pending.
  var unblocked = sigset_t()
  sigemptyset(&unblocked)
  sigaddset(&unblocked, SIGTERM)
  sigaddset(&unblocked, SIGINT)
  sigaddset(&unblocked, SIGHUP)
  sigprocmask(SIG_UNBLOCK, &unblocked, nil)
}

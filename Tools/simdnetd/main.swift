// simdnetd: serves a compiled-in SIMDNet fixture or a weights file over a
// Unix domain socket or standard input and output. The protocol is
// documented in Sources/SIMDNetDaemon/Protocol.swift, loading, reloading and
// checkpoints in Service.swift. No Foundation.
import Glibc
import SIMDNetDaemon

let options: Options
do {
  options = try Options.parse(CommandLine.arguments.dropFirst())
} catch {
  writeText("simdnetd: error: \(error.message)\n\(Options.usage)", to: STDERR_FILENO)
  exit(2)
}
if options.help {
  writeText(Options.usage, to: STDOUT_FILENO)
  exit(0)
}

installSignalHandlers()
let service: Service
do {
  service = try Service(options: options)
} catch {
  writeText("simdnetd: error: \(error.message)\n", to: STDERR_FILENO)
  exit(1)
}
var listener: Listener? = nil
var maxClients = options.maxClients
if let path = options.socketPath {
  let (fitting, warning) = clientsWithinDescriptorLimit(maxClients)
  if fitting < 1 {
    writeText(
      "simdnetd: error: \(warning ?? "no descriptors to serve a client")\n", to: STDERR_FILENO)
    exit(1)
  }
  if let warning {
    writeText(
      "simdnetd: warning: serving at most \(fitting) clients: \(warning)\n", to: STDERR_FILENO)
  }
  maxClients = fitting
  do {
    listener = try Listener(path: path, mode: options.socketMode)
  } catch {
    writeText("simdnetd: error: \(error.message)\n", to: STDERR_FILENO)
    exit(1)
  }
}
let server = Server(
  responder: service.responder, listener: listener, stdio: options.stdio,
  maxClients: maxClients, idleTimeout: options.idleTimeout)
if let path = options.socketPath {
  service.log(
    "serving \(options.weightsPath ?? options.model.rawValue) on \(path): \(service.summary)"
      + (options.learn ? ", learning" : ""))
}
let checkpointed = service.serve(server)
server.shutdown()
if !checkpointed { exit(1) }
switch server.stdioFailure {
case .read(let code)?:
  writeText(
    "simdnetd: error: cannot read standard input: \(String(cString: strerror(code)))\n",
    to: STDERR_FILENO)
  exit(1)
case .write(let code)?:
  writeText(
    "simdnetd: error: cannot write replies to standard output: \(String(cString: strerror(code)))\n",
    to: STDERR_FILENO)
  exit(1)
case nil:
  exit(0)
}

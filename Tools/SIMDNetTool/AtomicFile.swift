import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so that a reader sees either the old contents or the new,
/// never a mix: the new bytes go to a temporary file in the same directory,
/// which is flushed to disk and then renamed over the target.
///
/// `rename` within one file system is atomic, which is why the temporary
/// file must be in the target's directory rather than in `/tmp`. If anything
/// fails, the temporary file is removed and an existing target is left as it
/// was. A process killed mid-write can leave a `.NAME.tmp-XXXXXXXX` file
/// beside the target, but never a damaged target. The new file gets the
/// permissions of the file it replaces, or the usual `0666` less the umask.
/// A symbolic link at the target is replaced, not followed.
public enum AtomicFile {
  public static func write(_ text: String, to path: String) throws(ToolError) {
    try write(Array(text.utf8), to: path)
  }

  public static func write(_ data: Data, to path: String) throws(ToolError) {
    try write(Array(data), to: path)
  }

  public static func write(_ bytes: [UInt8], to path: String) throws(ToolError) {
    do {
      try write(to: path) { output in try output.write(bytes) }
    } catch let error as ToolError {
      throw error
    } catch {
      throw ToolError("cannot write: \(error)", file: path)
    }
  }

  /// Writes what `body` produces. If `body` throws, its error is rethrown
  /// and the target is not touched.
  public static func write(to path: String, body: (Output) throws -> Void) throws {
    let (directory, name) = split(path)
    guard !name.isEmpty, name != ".", name != ".." else {
      throw ToolError("not a file name", file: path)
    }
    var status = stat()
    let exists = lstat(path, &status) == 0
    if exists && status.st_mode & S_IFMT == S_IFDIR {
      throw ToolError("cannot write: is a directory", file: path)
    }
    let mode: mode_t? = exists && status.st_mode & S_IFMT == S_IFREG ? status.st_mode & 0o7777 : nil

    let (descriptor, temporary) = try createTemporary(in: directory, for: name, target: path)
    var isOpen = true
    do {
      if let mode, fchmod(descriptor, mode) != 0 { throw failure("cannot set permissions", path) }
      try body(Output(descriptor: descriptor, path: path))
      if fsync(descriptor) != 0 { throw failure("cannot flush", path) }
      isOpen = false
      if close(descriptor) != 0 { throw failure("cannot write", path) }
      if rename(temporary, path) != 0 { throw failure("cannot replace", path) }
    } catch {
      if isOpen { close(descriptor) }
      unlink(temporary)
      throw error
    }
    // Make the rename itself durable; a failure here changes nothing the
    // caller could act on.
    let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }

  /// Where `body` writes the new contents.
  public struct Output {
    let descriptor: Int32
    let path: String

    public func write(_ bytes: [UInt8]) throws(ToolError) {
      let code = bytes.withUnsafeBytes { FileDescriptor.writeAll($0, to: descriptor) }
      if code != 0 {
        throw ToolError(
          "cannot write: \(FileReader.describeErrno(code, reading: false))", file: path)
      }
    }

    public func write(_ text: String) throws(ToolError) { try write(Array(text.utf8)) }
  }

  /// The directory to create the temporary file in, and the file's name.
  private static func split(_ path: String) -> (directory: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let directory = String(path[..<slash])
    return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
  }

  private static func createTemporary(
    in directory: String, for name: String, target: String
  ) throws(ToolError) -> (Int32, String) {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100 {
      let suffix = String(generator.next() as UInt32, radix: 16)
      let temporary = "\(directory)/.\(name).tmp-\(suffix)"
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 { return (descriptor, temporary) }
      let code = errno
      if code == EEXIST { continue }
      switch code {
      case ENOENT:
        throw ToolError("cannot write: directory \(directory) does not exist", file: target)
      case ENOTDIR:
        throw ToolError("cannot write: \(directory) is not a directory", file: target)
      case EACCES, EPERM:
        throw ToolError("cannot write: permission denied in directory \(directory)", file: target)
      default:
        throw ToolError(
          "cannot write: \(FileReader.describeErrno(code, reading: false))", file: target)
      }
    }
    throw ToolError("cannot write: cannot create a temporary file in \(directory)", file: target)
  }

  private static func failure(_ action: String, _ path: String) -> ToolError {
    ToolError("\(action): \(FileReader.describeErrno(errno, reading: false))", file: path)
  }
}

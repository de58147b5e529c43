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
///
/// The files of one run are written together (`write(_:)`, `Batch`): all
/// are staged before any is renamed, so that a run whose second file
/// cannot be written leaves the first as it was too.
public enum AtomicFile {
  public static func write(_ text: String, to path: String) throws(ToolError) {
    try write([(path, Array(text.utf8))])
  }

  public static func write(_ bytes: [UInt8], to path: String) throws(ToolError) {
    try write([(path, bytes)])
  }

  /// Writes every file or none: an existing file is replaced only if all
  /// of them can be.
  public static func write(_ files: [(path: String, bytes: [UInt8])]) throws(ToolError) {
    let batch = Batch()
    for (path, bytes) in files { try batch.stage(bytes, to: path) }
    try batch.commit()
  }

  /// Writes what `body` produces. If `body` throws, its error is rethrown
  /// and the target is not touched.
  public static func write(to path: String, body: (Output) throws -> Void) throws {
    let batch = Batch()
    try batch.stage(to: path, body: body)
    try batch.commit()
  }

  /// Files written together: each staged to its temporary file, written
  /// and flushed to disk; then `commit` renames them all into place.
  ///
  /// Until every rename has succeeded, each file it replaces is kept under
  /// a second name (a hard link, `.NAME.old-XXXXXXXX`), so that a rename
  /// that fails part way puts back the ones already done. (Where the file
  /// system has no hard links, that last guard is skipped.) A batch that is
  /// dropped without `commit` removes its temporary files.
  public final class Batch {
    fileprivate struct StagedFile {
      var temporary: String
      var target: String
      var directory: String
    }

    private var staged: [StagedFile] = []
    private var isFinished = false

    public init() {}

    deinit { if !isFinished { discard() } }

    /// Writes `bytes` to a temporary file beside `path`; on failure, every
    /// file this batch staged is removed. `permissions` (such as `0o755`
    /// for a script) replaces the usual ones: the replaced file's, or
    /// `0666` less the umask.
    public func stage(
      _ bytes: [UInt8], to path: String, permissions: mode_t? = nil
    ) throws(ToolError) {
      do {
        try stage(to: path, permissions: permissions) { output in try output.write(bytes) }
      } catch let error as ToolError {
        throw error
      } catch {
        throw ToolError("cannot write: \(error)", file: path)
      }
    }

    /// Writes what `body` produces to a temporary file beside `path`; if
    /// anything fails, `body`'s error included, every file this batch
    /// staged is removed and the error rethrown.
    public func stage(
      to path: String, permissions: mode_t? = nil, body: (Output) throws -> Void
    ) throws {
      precondition(!isFinished, "a batch is committed or discarded once")
      do {
        guard !staged.contains(where: { $0.target == path }) else {
          throw ToolError("named twice among the files to write", file: path)
        }
        staged.append(try AtomicFile.stage(path, permissions: permissions, body: body))
      } catch {
        discard()
        throw error
      }
    }

    /// Renames every staged file into place, or, if one rename fails,
    /// puts back what the others replaced and removes every temporary file.
    public func commit() throws(ToolError) {
      precondition(!isFinished, "a batch is committed or discarded once")
      isFinished = true
      // One file needs no backup: its rename is the whole change.
      let previous = staged.map { staged.count > 1 ? Previous(keeping: $0.target) : .unkept }
      for (index, file) in staged.enumerated() where rename(file.temporary, file.target) != 0 {
        let error = failure("cannot replace", file.target)
        for earlier in staged[..<index].indices.reversed() {
          switch previous[earlier] {
          case .none: unlink(staged[earlier].target)
          case .kept(let backup): rename(backup, staged[earlier].target)
          case .unkept: break
          }
        }
        for later in staged[index...] { unlink(later.temporary) }
        for case .kept(let backup) in previous[index...] { unlink(backup) }
        throw error
      }
      for case .kept(let backup) in previous { unlink(backup) }
      // Make the renames durable; a failure here changes nothing the
      // caller could act on.
      for directory in Set(staged.map(\.directory)) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
          fsync(descriptor)
          close(descriptor)
        }
      }
    }

    /// What a target was before the batch replaced it.
    private enum Previous {
      /// Nothing: the batch creates it.
      case none
      /// A file, kept under this second name until the batch is done.
      case kept(String)
      /// A file the batch could not keep (or did not need to).
      case unkept

      init(keeping target: String) {
        var status = stat()
        guard lstat(target, &status) == 0 else {
          self = .none
          return
        }
        let (directory, name) = split(target)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
          let backup = "\(directory)/.\(name).old-\(String(generator.next() as UInt32, radix: 16))"
          if link(target, backup) == 0 {
            self = .kept(backup)
            return
          }
          if errno != EEXIST { break }
        }
        self = .unkept
      }
    }

    /// Removes every staged file, leaving the targets as they were.
    public func discard() {
      isFinished = true
      for file in staged { unlink(file.temporary) }
      staged = []
    }
  }

  /// Writes what `body` produces to a new temporary file beside `path`,
  /// flushed to disk and closed; on failure, removes it.
  private static func stage(
    _ path: String, permissions: mode_t?, body: (Output) throws -> Void
  ) throws -> Batch.StagedFile {
    let (directory, name) = split(path)
    guard !name.isEmpty, name != ".", name != ".." else {
      throw ToolError("not a file name", file: path)
    }
    var status = stat()
    let exists = lstat(path, &status) == 0
    if exists && status.st_mode & S_IFMT == S_IFDIR {
      throw ToolError("cannot write: is a directory", file: path)
    }
    let mode: mode_t? =
      permissions ?? (exists && status.st_mode & S_IFMT == S_IFREG ? status.st_mode & 0o7777 : nil)

    let (descriptor, temporary) = try createTemporary(in: directory, for: name, target: path)
    var isOpen = true
    do {
      if let mode, fchmod(descriptor, mode) != 0 { throw failure("cannot set permissions", path) }
      try body(Output(descriptor: descriptor, path: path))
      if fsync(descriptor) != 0 { throw failure("cannot flush", path) }
      isOpen = false
      if close(descriptor) != 0 { throw failure("cannot write", path) }
    } catch {
      if isOpen { close(descriptor) }
      unlink(temporary)
      throw error
    }
    return Batch.StagedFile(temporary: temporary, target: path, directory: directory)
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
  fileprivate static func split(_ path: String) -> (directory: String, name: String) {
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
        // /proc, for one, refuses new files this way.
        var status = stat()
        if stat(directory, &status) == 0 {
          throw ToolError("cannot write: cannot create a file in \(directory)", file: target)
        }
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

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole input files, with errors a user can act on.
///
/// POSIX calls rather than Foundation's `Data(contentsOf:)`, whose errors
/// print as multi-line `NSError` dumps; here a missing file is
/// `data/or.csv: no such file`.
public enum FileReader {
  /// Every byte of the file at `path`.
  public static func bytes(atPath path: String) throws(ToolError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ToolError(describeErrno(errno, reading: true), file: path) }
    defer { close(descriptor) }
    var status = stat()
    if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
      throw ToolError("is a directory, not a file", file: path)
    }
    // A file that cannot fit in memory is refused rather than left to
    // fail an allocation, which would crash.
    let limit = physicalMemory()
    let tooLarge = ToolError("too large: more bytes than this machine has memory", file: path)
    var result: [UInt8] = []
    // Room for the whole file up front when its size is known, so that
    // the bytes are not copied over and over as the array grows.
    if status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {
      guard status.st_size < limit else { throw tooLarge }
      result.reserveCapacity(Int(status.st_size))
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw ToolError("cannot read: \(describeErrno(errno, reading: true))", file: path)
      }
      guard result.count + count < limit else { throw tooLarge }
      result.append(contentsOf: chunk[0..<count])
    }
    return result
  }

  /// The machine's memory in bytes, or `Int.max` when it cannot be told.
  static func physicalMemory() -> Int {
    let (pages, size) = (sysconf(Int32(_SC_PHYS_PAGES)), sysconf(Int32(_SC_PAGESIZE)))
    guard pages > 0, size > 0 else { return .max }
    return pages.multipliedReportingOverflow(by: size).overflow ? .max : pages * size
  }

  /// A short lowercase description of a system error.
  public static func describeErrno(_ code: Int32, reading: Bool) -> String {
    switch code {
    case ENOENT: reading ? "no such file" : "no such file or directory"
    case EACCES, EPERM: "permission denied"
    case EISDIR: "is a directory"
    case ENOTDIR: "a component of the path is not a directory"
    case EROFS: "read-only file system"
    case ENOSPC: "no space left on device"
    case EDQUOT: "disk quota exceeded"
    case ENAMETOOLONG: "file name too long"
    default:
      if let text = strerror(code) {
        String(cString: text).lowercased()
      } else {
        "system error \(code)"
      }
    }
  }
}

/// Writes to file descriptors, the way every output of the tool is written.
public enum FileDescriptor {
  /// Writes all of `bytes` to `descriptor`, retrying short writes and
  /// interrupted ones; returns 0, or the `errno` of the write that failed.
  public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
      let count = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if count < 0 && errno == EINTR { continue }
      if count < 0 { return errno }
      if count == 0 { return EIO }
      offset += count
    }
    return 0
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
#endif

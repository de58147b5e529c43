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
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw ToolError("cannot read: \(describeErrno(errno, reading: true))", file: path)
      }
      result.append(contentsOf: chunk[0..<count])
    }
    return result
  }

  /// A short lowercase description of a system error.
  static func describeErrno(_ code: Int32, reading: Bool) -> String {
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

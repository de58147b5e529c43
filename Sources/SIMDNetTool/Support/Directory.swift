#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Folders, with POSIX calls and errors a user can act on (no Foundation,
/// so that a daemon linking the tool's library stays Foundation-free).
public enum Directory {
  /// Makes the folder at `path` and any missing parents, like `mkdir -p`.
  public static func make(atPath path: String) throws(ToolError) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += component
      if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw ToolError(
          "cannot make the directory: \(FileReader.describeErrno(errno, reading: false))",
          file: prefix)
      }
      prefix += "/"
    }
    guard isDirectory(path) else {
      throw ToolError("cannot make the directory: a file is in the way", file: path)
    }
  }

  /// Whether `path` names a directory (following symbolic links).
  public static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
  }

  /// The paths, relative to `folder` and sorted, of every regular file in
  /// it and its subfolders whose name ends with `suffix`.
  public static func files(under folder: String, endingWith suffix: String) throws(ToolError)
    -> [String]
  {
    var result: [String] = []
    try collect(folder, relative: "", suffix: suffix, into: &result)
    return result.sorted()
  }

  private static func collect(
    _ folder: String, relative: String, suffix: String, into result: inout [String]
  ) throws(ToolError) {
    guard let stream = opendir(folder) else {
      throw ToolError(
        "cannot read the directory: \(FileReader.describeErrno(errno, reading: true))",
        file: folder)
    }
    defer { closedir(stream) }
    while let entry = readdir(stream) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if name == "." || name == ".." { continue }
      let path = folder + "/" + name
      let relativePath = relative.isEmpty ? name : relative + "/" + name
      var status = stat()
      guard stat(path, &status) == 0 else { continue }
      switch status.st_mode & S_IFMT {
      case S_IFDIR: try collect(path, relative: relativePath, suffix: suffix, into: &result)
      case S_IFREG where name.hasSuffix(suffix): result.append(relativePath)
      default: break
      }
    }
  }
}

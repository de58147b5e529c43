import Foundation
import SIMDNetTool
import Testing

@Suite("Atomic writes")
struct AtomicFileTests {
  /// Everything in `directory`, hidden files included.
  func contents(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }

  func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  @Test("creates and replaces, keeping the old file's permissions")
  func createsAndReplaces() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/w.json"
      try AtomicFile.write("one\n", to: path)
      #expect(try read(path) == "one\n")
      #expect(chmod(path, 0o640) == 0)
      try AtomicFile.write(Data("two\n".utf8), to: path)
      #expect(try read(path) == "two\n")
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.posixPermissions] as? Int) == 0o640)
      #expect(try contents(directory) == ["w.json"])
      // A relative path, in the current directory's terms.
      let previous = FileManager.default.currentDirectoryPath
      _ = FileManager.default.changeCurrentDirectoryPath(directory)
      defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
      try AtomicFile.write("three", to: "w.json")
      #expect(try read(path) == "three")
    }
  }

  @Test("a failure while writing leaves the old file and no temporary file")
  func failureKeepsOldFile() throws {
    struct Interrupted: Error {}
    try withTemporaryDirectory { directory in
      let path = try writeFile("old contents\n", named: "fixture.swift", in: directory)
      #expect(throws: Interrupted.self) {
        try AtomicFile.write(to: path) { output in
          try output.write("new, half writ")
          throw Interrupted()
        }
      }
      #expect(try read(path) == "old contents\n")
      #expect(try contents(directory) == ["fixture.swift"])
    }
  }

  @Test("a missing directory, a file in the way, a directory as target: one-line errors")
  func badPaths() throws {
    try withTemporaryDirectory { directory in
      let missing = directory + "/no/such/dir/w.json"
      #expect(
        toolErrorMessage { () throws(ToolError) in try AtomicFile.write("x", to: missing) }
          == "\(missing): cannot write: directory \(directory)/no/such/dir does not exist")
      let file = try writeFile("x", named: "plain", in: directory)
      #expect(
        toolErrorMessage { () throws(ToolError) in try AtomicFile.write("x", to: file + "/w.json") }
          == "\(file)/w.json: cannot write: \(file) is not a directory")
      let subdirectory = directory + "/sub"
      try FileManager.default.createDirectory(
        atPath: subdirectory, withIntermediateDirectories: false)
      #expect(
        toolErrorMessage { () throws(ToolError) in try AtomicFile.write("x", to: subdirectory) }
          == "\(subdirectory): cannot write: is a directory")
      #expect(try contents(directory) == ["plain", "sub"])
      #expect(try contents(subdirectory) == [])
    }
  }

  @Test(
    "a read-only directory leaves the existing file untouched",
    .enabled(if: geteuid() != 0, "root writes into read-only directories"))
  func readOnlyDirectory() throws {
    try withTemporaryDirectory { directory in
      let path = try writeFile("old\n", named: "w.json", in: directory)
      #expect(chmod(directory, 0o555) == 0)
      defer { chmod(directory, 0o755) }
      #expect(
        toolErrorMessage { () throws(ToolError) in try AtomicFile.write("new\n", to: path) }
          == "\(path): cannot write: permission denied in directory \(directory)")
      #expect(try read(path) == "old\n")
      #expect(try contents(directory) == ["w.json"])
    }
  }
}

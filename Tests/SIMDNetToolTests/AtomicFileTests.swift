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
      try AtomicFile.write(Array("two\n".utf8), to: path)
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

  @Test("several files: one that cannot be staged leaves the others untouched, as root too")
  func batchStagingFailure() throws {
    try withTemporaryDirectory { directory in
      let kept = try writeFile("old\n", named: "w.json", in: directory)
      let plain = try writeFile("x", named: "plain", in: directory)
      // A directory that is a regular file, and one that takes no new files:
      // both fail for root as for anyone.
      for blocked in [plain + "/x.swift", "/proc/simdnet-test-\(UUID().uuidString).swift"] {
        let message = toolErrorMessage { () throws(ToolError) in
          try AtomicFile.write([(kept, Array("new\n".utf8)), (blocked, Array("x".utf8))])
        }
        #expect(message?.hasPrefix("\(blocked): cannot write: ") == true, "\(message ?? "")")
        #expect(try read(kept) == "old\n")
        #expect(try contents(directory) == ["plain", "w.json"])
      }
    }
  }

  @Test("a rename that fails part way puts back the files already replaced")
  func batchRenameFailure() throws {
    try withTemporaryDirectory { directory in
      let replaced = try writeFile("old a\n", named: "a.json", in: directory)
      let created = directory + "/b.swift"
      let blocked = directory + "/c.svg"
      let batch = AtomicFile.Batch()
      try batch.stage(Array("new a\n".utf8), to: replaced)
      try batch.stage(Array("new b\n".utf8), to: created)
      try batch.stage(Array("new c\n".utf8), to: blocked)
      // After staging, the last target becomes a directory that is not empty:
      // its rename fails once the first two are done.
      try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: false)
      try writeFile("inside", named: "x", in: blocked)
      let message = toolErrorMessage { () throws(ToolError) in try batch.commit() }
      #expect(message?.hasPrefix("\(blocked): cannot replace: ") == true, "\(message ?? "")")
      #expect(try read(replaced) == "old a\n")
      #expect(try contents(directory) == ["a.json", "c.svg"])
      #expect(try contents(blocked) == ["x"])
    }
  }

  @Test("all renamed when all can be; a batch dropped uncommitted leaves nothing")
  func batchCommitAndDrop() throws {
    try withTemporaryDirectory { directory in
      let a = try writeFile("old a\n", named: "a.json", in: directory)
      let b = directory + "/b.swift"
      try AtomicFile.write([(a, Array("new a\n".utf8)), (b, Array("new b\n".utf8))])
      #expect(try read(a) == "new a\n" && read(b) == "new b\n")
      #expect(try contents(directory) == ["a.json", "b.swift"])
      do {
        let batch = AtomicFile.Batch()
        try batch.stage(Array("newer a\n".utf8), to: a)
        #expect(try contents(directory).count == 3)
      }
      #expect(try read(a) == "new a\n")
      #expect(try contents(directory) == ["a.json", "b.swift"])
    }
  }
}

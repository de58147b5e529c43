import Foundation
import SIMDNetTestSupport
import SIMDNetTool
import Testing

@Suite("SHA-256")
struct SHA256Tests {
  @Test("FIPS 180-4 test vectors")
  func vectors() {
    #expect(
      SHA256.hexDigest(Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hexDigest([UInt8]())
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("agrees with sha256sum at every length around the block boundaries")
  func agreesWithSha256sum() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { return }
    try withTemporaryDirectory { directory in
      var generator = SplitMix64(state: 7)
      let lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4097]
      var paths: [String] = []
      var expected: [String] = []
      for length in lengths {
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let path = directory + "/bytes-\(length)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        paths.append(path)
        expected.append(SHA256.hexDigest(bytes))
      }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
      process.arguments = paths
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let output = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      let digests = String(decoding: output, as: UTF8.self).split(separator: "\n")
        .map { String($0.prefix(64)) }
      #expect(digests == expected)
    }
  }

  @Test("a dataset's digest is the file's")
  func datasetDigest() throws {
    let bytes = Array("x,y\n1,0\n".utf8)
    let file = try DatasetFile.parse(bytes, path: "d.csv", format: .csv)
    #expect(file.sha256 == SHA256.hexDigest(bytes))
  }
}

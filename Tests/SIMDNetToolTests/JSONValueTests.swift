import Foundation
import SIMDNetTestSupport
import SIMDNetTool
import Testing

@Suite("JSON")
struct JSONValueTests {
  func parse(_ text: String) throws(ToolError) -> JSONValue {
    try JSONValue.parse(Array(text.utf8), path: "w.json")
  }

  @Test("JSONSerialization on this platform does not keep every double's bits")
  func foundationLosesBits() throws {
    // Why the tool has its own reader; if this starts failing, Foundation
    // was fixed, and the reader is still correct.
    var generator = SplitMix64(state: 11)
    var changed = 0
    for _ in 0..<2000 {
      let value = randomWeight(using: &generator)
      let object = try JSONSerialization.jsonObject(with: Data("[\(value)]".utf8)) as! [Any]
      let read = (object[0] as? NSNumber)?.doubleValue ?? .nan
      if read.bitPattern != value.bitPattern { changed += 1 }
    }
    #if os(Linux)
      #expect(changed > 0)
    #endif
  }

  @Test("numbers keep their text; strings, escapes, positions")
  func values() throws {
    let value = try parse(
      "{\n  \"a\": [1, -0.0, 2.5e-3, true, null],\n  \"b\\n\\u00e9\\ud83d\\ude00\": \"x\\\"\"\n}")
    guard case .object(let members) = value.kind else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.key) == ["a", "b\né😀"])
    guard case .array(let elements) = members[0].value.kind else {
      Issue.record()
      return
    }
    guard case .number(let text) = elements[1].kind else {
      Issue.record()
      return
    }
    #expect(text == "-0.0")
    #expect(elements[2].line == 2 && elements[2].column == 18)
    guard case .string(let s) = members[1].value.kind else {
      Issue.record()
      return
    }
    #expect(s == "x\"")
  }

  @Test(
    "malformed JSON: one line with line and column",
    arguments: [
      ("", "w.json:1:1: empty file; expected a JSON value"),
      ("{\"a\": [1, 2,]}", "w.json:1:13: expected a JSON value, found ']'"),
      ("{\"a\": 1 \"b\": 2}", "w.json:1:9: expected ',' or '}' in an object, found '\"'"),
      ("{\"a\": 1, \"a\": 2}", "w.json:1:10: duplicate key \"a\""),
      ("[01]", "w.json:1:3: numbers cannot have leading zeros"),
      ("[1.]", "w.json:1:4: expected a digit after '.', found ']'"),
      ("[NaN]", "w.json:1:2: expected a JSON value, found 'N'"),
      ("[1]\n[2]", "w.json:2:1: unexpected text after the JSON value"),
      ("\n\n  [1,\n  2", "w.json:4:4: expected ',' or ']' in an array, found the end of the file"),
      ("\"abc", "w.json:1:5: unterminated string"),
      ("[\"\\x\"]", "w.json:1:3: unknown escape '\\x' in a string"),
      ("[tru]", "w.json:1:2: expected a JSON value, found 't'"),
      (String(repeating: "[", count: 300), "w.json:1:257: JSON nested more than 256 levels deep"),
    ])
  func malformed(text: String, expected: String) {
    #expect(toolErrorMessage { () throws(ToolError) in _ = try parse(text) } == expected)
  }

  @Test("rendering is stable and parses back")
  func rendering() throws {
    let value = JSONValue.object([
      "name": .string("a \"quoted\"\n\u{1}line"),
      "list": .array([.number(1), .number(-0.0), .bool(false), .null]),
      "nested": .array([.array([.number(1.5)]), .object([:])]),
      "empty": .array([]),
    ])
    let text = value.rendered()
    #expect(
      text == """
        {
          "name": "a \\"quoted\\"\\n\\u0001line",
          "list": [1, -0.0, false, null],
          "nested": [
            [1.5],
            {}
          ],
          "empty": []
        }
        """)
    #expect(try parse(text).rendered() == text)
  }
}

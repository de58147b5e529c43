import Foundation
import SIMDNet
import SIMDNetTool
import Testing

/// CSV tables read by column names: `--label`, `--targets`, `--features`.
@Suite("CSV tables with names")
struct TableDatasetTests {
  func parse(_ text: String, _ columns: TableColumns) throws(ToolError) -> DatasetFile {
    try DatasetFile.parseTable(Array(text.utf8), path: "t.csv", columns: columns)
  }

  func message(_ text: String, _ columns: TableColumns) -> String? {
    toolErrorMessage { () throws(ToolError) in _ = try parse(text, columns) }
  }

  @Test("quoted fields (commas, doubled quotes), CRLF, a byte-order mark, sorted classes")
  func quotedCRLFAndBOM() throws {
    let text =
      "\u{FEFF}\"a\", \"b,c\" ,kind\r\n1,\"2.5\",\"y \"\"q\"\"\"\r\n3 , 4,x\r\n-0.5,6,x\r\n\r\n"
    let file = try parse(text, TableColumns(label: "kind"))
    #expect(file.columnNames == ["a", "b,c", "kind"])
    #expect(file.featureNames == ["a", "b,c"])
    // Sorted by their bytes: "x" before "y …".
    #expect(file.classes == ["x", "y \"q\""])
    #expect(rows(file.inputs) == [[1, 2.5], [3, 4], [-0.5, 6]])
    #expect(rows(file.targets) == [[0, 1], [1, 0], [1, 0]])
  }

  @Test("the same rows in another order give the same classes; integers sort as numbers")
  func classOrder() throws {
    let a = try parse("x,y\n1,10\n2,2\n3,1\n", TableColumns(label: "y"))
    let b = try parse("x,y\n3,1\n1,10\n2,2\n", TableColumns(label: "y"))
    #expect(a.classes == ["1", "2", "10"] && b.classes == a.classes)
    #expect(rows(a.targets) == [[0, 0, 1], [0, 1, 0], [1, 0, 0]])
    #expect(DatasetFile.sortedClasses(["b", "B", "a", "é"]) == ["B", "a", "b", "é"])
    // Equal numbers, distinct labels: by their bytes (a fuzzer's find).
    #expect(
      DatasetFile.sortedClasses(["0", "+0", "1", "-1", "00"]) == ["-1", "+0", "0", "00", "1"])
  }

  @Test("known classes: their order, whatever the data holds")
  func knownClasses() throws {
    let file = try parse("x,y\n1,a\n2,a\n", TableColumns(label: "y", classes: ["b", "a"]))
    #expect(file.classes == ["b", "a"] && rows(file.targets) == [[0, 1], [0, 1]])
  }

  @Test("--targets and --features pick columns by name, in the order given")
  func targetsAndFeatures() throws {
    let file = try parse(
      "p,q,r,s\n1,2,3,4\n5,6,7,8\n", TableColumns(targets: ["s", "p"], features: ["r", "q"]))
    #expect(file.featureNames == ["r", "q"] && file.targetNames == ["s", "p"])
    #expect(rows(file.inputs) == [[3, 2], [7, 6]])
    #expect(rows(file.targets) == [[4, 1], [8, 5]])
    #expect(file.classes == nil)
    let rest = try parse("p,q,r\n1,2,3\n", TableColumns(targets: ["q"]))
    #expect(rest.featureNames == ["p", "r"] && rows(rest.inputs) == [[1, 3]])
  }

  @Test(
    "every bad table: one error naming the file, line and column",
    arguments: [
      (
        "a,b\n1,x\n", TableColumns(label: "c"),
        "t.csv:1: --label: no column named \"c\"; the header has \"a\", \"b\""
      ),
      (
        "a,b\n1,x\n", TableColumns(label: "b", features: ["a", "z"]),
        "t.csv:1: --features: no column named \"z\"; the header has \"a\", \"b\""
      ),
      (
        "a, a ,b\n1,2,x\n", TableColumns(label: "b"),
        "t.csv:1:4: column 2 repeats the name \"a\" of column 1; each column needs its own name"
      ),
      ("a,,b\n1,2,x\n", TableColumns(label: "b"), "t.csv:1:3: column 2 of the header has no name"),
      (
        "a,b\n1,x\n2,z\n", TableColumns(label: "b", classes: ["x", "y"]),
        "t.csv:3:3: the label \"z\" (column \"b\") is not a class the network knows: \"x\", \"y\""
      ),
      (
        "a,b,c\n1,2,x\n1,2oops,y\n", TableColumns(label: "c"),
        "t.csv:3:4: field 2 is not a number: \"2oops\" (column \"b\")"
      ),
      (
        "a,b,c\n1,2,x\n1,x\n", TableColumns(label: "c"),
        "t.csv:3: expected 3 fields, as the header has, found 2"
      ),
      (
        "a,b\n1,\"x\n", TableColumns(label: "b"),
        "t.csv:2:3: a quoted field has no closing quote on its line (line breaks inside quotes "
          + "are not supported)"
      ),
      (
        "a,b\n1,\"x\"y\n", TableColumns(label: "b"),
        "t.csv:2:6: text after a quoted field's closing quote"
      ),
      ("a,b\n1,\n", TableColumns(label: "b"), "t.csv:2:3: the label (column \"b\") is empty"),
      (
        "a,b\n1,x\n2,x\n", TableColumns(label: "b"),
        "t.csv: the label column \"b\" has only one class, \"x\"; a classifier needs at least two"
      ),
      (
        "a,b\n1,x\n", TableColumns(label: "b", features: ["b"]),
        "--features: column \"b\" is the label"
      ),
      (
        "a,b\n", TableColumns(label: "b"),
        "t.csv:1: the header is the only row; the file has no examples"
      ),
    ])
  func located(text: String, columns: TableColumns, expected: String) {
    #expect(message(text, columns) == expected)
  }

  @Test("flag lists: names trimmed, an empty one refused")
  func names() throws {
    #expect(try TableColumns.names(" a, b c ,d", flag: "targets") == ["a", "b c", "d"])
    let error = toolErrorMessage { () throws(ToolError) in
      _ = try TableColumns.names("a,,b", flag: "features")
    }
    #expect(error?.hasPrefix("--features \"a,,b\": a column name is empty") == true)
  }
}

/// `--scale`: the parameters against the formulas written out here.
@Suite("Scaling parameters")
struct ScalingMethodTests {
  static let columns: [[Double]] = [
    [3, 1.5, -2, 7.25, 0.1], [5, 5, 5, 5, 5], [0.1, 0.2, 0.3, 0.1, 0.1],
  ]

  static var table: ExampleRows {
    ExampleRows(width: 3, values: (0..<5).flatMap { n in columns.map { $0[n] } })
  }

  @Test("standard: the mean and the population standard deviation; a constant column's spread is 1")
  func standard() throws {
    let scaling = try #require(ScalingMethod.standard.parameters(of: Self.table))
    for (i, column) in Self.columns.enumerated() {
      var sum = 0.0
      for x in column { sum += x }
      let mean = sum / 5
      var squares = 0.0
      for x in column { squares += (x - mean) * (x - mean) }
      #expect(scaling.shift[i].bitPattern == mean.bitPattern)
      let sd = i == 1 ? 1 : (squares / 5).squareRoot()
      #expect(scaling.spread[i].bitPattern == sd.bitPattern)
    }
    // The constant column becomes 0, not NaN.
    let scaled = DatasetFile(
      path: "t", format: .csv, inputs: Self.table,
      targets: ExampleRows(width: 1, values: [0, 0, 0, 0, 0]),
      sha256: ""
    ).scaled(inputs: scaling, targets: nil)
    #expect(rows(scaled.inputs).allSatisfy { $0[1] == 0 })
    #expect(rows(scaled.inputs)[0][0] == (3 - scaling.shift[0]) / scaling.spread[0])
  }

  @Test("minmax: the minimum and the range; none: no scaling")
  func minmax() throws {
    let scaling = try #require(ScalingMethod.minmax.parameters(of: Self.table))
    #expect(scaling.shift == [-2, 5, 0.1])
    #expect(scaling.spread == [7.25 - -2, 1, 0.3 - 0.1])
    #expect(ScalingMethod.none.parameters(of: Self.table) == nil)
  }
}

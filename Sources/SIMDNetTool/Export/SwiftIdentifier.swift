/// Checks names for generated Swift declarations.
public enum SwiftIdentifier {
  /// Throws unless `name` can name a global constant in a generated file
  /// that imports SIMDNet: an ASCII identifier (letters, digits, `_`, not
  /// starting with a digit), not a keyword, and not one of the kernel's
  /// names the file itself uses.
  ///
  /// ASCII only because Swift's rules for other characters are long and a
  /// constant name in a fixture has no need for them.
  public static func validate(_ name: String) throws(ToolError) {
    let quoted = ToolError.quoted(name)
    guard let first = name.unicodeScalars.first else {
      throw ToolError("the constant's name is empty; give a Swift identifier such as xorNetwork")
    }
    let isLetter = { (c: Unicode.Scalar) in
      ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }
    guard
      isLetter(first),
      name.unicodeScalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) })
    else {
      throw ToolError(
        "\(quoted) is not a Swift identifier: use letters, digits and _, "
          + "not starting with a digit")
    }
    guard name != "_" else { throw ToolError("\"_\" cannot name a constant") }
    if keywords.contains(name) {
      throw ToolError(
        "\(quoted) is a Swift keyword; choose another name (or add a prefix, as in "
          + "\(name)Network)")
    }
    if kernelNames.contains(name) {
      throw ToolError(
        "\(quoted) is a SIMDNet type the generated file uses; choose another name")
    }
  }

  /// Words swiftc 6.3 refuses as the name of a global constant without
  /// backticks (contextual keywords such as `open` or `some` are accepted
  /// there and are not listed).
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "operator", "private", "precedencegroup", "protocol",
    "public", "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case",
    "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if",
    "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await",
    "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
  ]

  /// Types the generated file names; a constant with one of these names
  /// would shadow it.
  static let kernelNames: Set<String> = [
    "SIMDNet", "Layer", "Stack", "MLP1", "MLP2", "Perceptron", "Activation",
  ]
}

/// The line protocol's error sentences, written once for every program
/// that reads it (`simdnet predict`, `simdnetd`, the Embedded predictor).
extension NumberLine.Problem {
  /// Writes what is wrong with a line of `noun`s ("input", "target"):
  ///
  ///     empty line
  ///     expected 2 inputs, found 3          (1 input, 2 inputs)
  ///     input 2 is not a number             (fields counted from 1)
  public func write<Sink: ByteSink>(noun: StaticString, into sink: inout Sink) {
    switch self {
    case .empty:
      sink.append("empty line")
    case .count(let found, let expected):
      sink.append("expected ")
      sink.append(decimal: expected)
      sink.append(UInt8(ascii: " "))
      sink.append(noun)
      if expected != 1 { sink.append(UInt8(ascii: "s")) }
      sink.append(", found ")
      sink.append(decimal: found)
    case .number(let field, _, let problem):
      sink.append(noun)
      sink.append(UInt8(ascii: " "))
      sink.append(decimal: field)
      sink.append(UInt8(ascii: " "))
      problem.write(into: &sink)
    }
  }
}

extension NumberField.Problem {
  /// Writes what is wrong, as the end of a sentence that starts with the
  /// field's name: "is not a number" (after "input 2 "). The length limit
  /// is written from `NumberField.maximumLength`, its one place.
  public func write<Sink: ByteSink>(into sink: inout Sink) {
    switch self {
    case .empty: sink.append("is empty")
    case .notANumber: sink.append("is not a number")
    case .nan: sink.append("is NaN")
    case .infinite: sink.append("is infinite")
    case .outOfRange: sink.append("is out of the range of a Double")
    case .tooLong:
      sink.append("is longer than ")
      sink.append(decimal: NumberField.maximumLength)
      sink.append(" bytes")
    }
  }
}

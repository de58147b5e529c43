import Foundation

/// The line `simdnet train` keeps rewriting on a terminal while it trains:
/// epoch, cost, epochs per second and an estimate of the time left.
///
/// It rewrites itself with `\r` and clears the rest of the line with
/// `ESC [K`, so it only makes sense on a terminal; `TrainCommand` makes one
/// only when standard error is a terminal and `--quiet` is not given.
/// `TrainingRun` calls `update` at most about ten times a second, and not at
/// all for runs shorter than that.
final class ProgressLine {
  let totalEpochs: Int
  let clock = ContinuousClock()
  let start: ContinuousClock.Instant
  private(set) var isShown = false

  init(totalEpochs: Int) {
    self.totalEpochs = totalEpochs
    start = clock.now
  }

  func update(epoch: Int, cost: Double) {
    let elapsed = (clock.now - start) / .seconds(1)
    let rate = elapsed > 0 ? Double(epoch) / elapsed : 0
    let left = rate > 0 ? Double(totalEpochs - epoch) / rate : 0
    let line =
      "epoch \(epoch)/\(totalEpochs)  cost \(String(format: "%.6g", cost))  \(Self.rate(rate)) epochs/s  "
      + "\(Self.duration(left)) left"
    Console.writeError("\r" + line + "\u{1B}[K")
    isShown = true
  }

  /// Removes the line, so that what follows starts on a clean line.
  func clear() {
    if isShown { Console.writeError("\r\u{1B}[K") }
    isShown = false
  }

  /// "812", "48.2k", "3.1M".
  static func rate(_ value: Double) -> String {
    switch value {
    case ..<1000: String(Int(value.rounded()))
    case ..<1_000_000: String(format: "%.1fk", value / 1000)
    default: String(format: "%.1fM", value / 1_000_000)
    }
  }

  /// "0:07", "12:34", "1:02:03".
  static func duration(_ seconds: Double) -> String {
    let total = seconds.isFinite ? Int(seconds.rounded(.up)) : 0
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
  }
}

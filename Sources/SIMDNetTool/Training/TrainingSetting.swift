import SIMDNet

/// A setting of a `TrainingSpec` that a message can be about.
public enum TrainingSetting: Hashable, Sendable {
  case learningRate
  case batchSize
  case hyperparameter(Hyperparameter)

  /// Its `simdnet train` flag: `--batch-size`.
  public var flag: String {
    switch self {
    case .learningRate: "--learning-rate"
    case .batchSize: "--batch-size"
    case .hyperparameter(let parameter): parameter.flag
    }
  }

  /// Its key in the fixture manifest and the JSON report: `batch_size`.
  public var key: String {
    switch self {
    case .learningRate: "learning_rate"
    case .batchSize: "batch_size"
    case .hyperparameter(let parameter): parameter.key
    }
  }
}

/// A setting a spec cannot run with, and what is wrong with it.
public struct SettingProblem: Sendable, Equatable {
  /// The setting to blame, so that a front end can point at it.
  public var setting: TrainingSetting
  /// One line, naming settings as the front end does.
  public var message: String

  public init(_ setting: TrainingSetting, _ message: String) {
    self.setting = setting
    self.message = message
  }
}

/// How a front end names settings in its messages.
public enum SettingNaming: Sendable {
  /// `simdnet train`'s words: `--batch-size`, `--optimizer minibatch`.
  case flags
  /// The fixture manifest's words: `"batch_size"`, `the minibatch optimizer`.
  case manifestKeys

  /// `--batch-size` or `"batch_size"`.
  public func name(_ setting: TrainingSetting) -> String {
    switch self {
    case .flags: setting.flag
    case .manifestKeys: "\"\(setting.key)\""
    }
  }

  /// Optimizers by name: `--optimizer minibatch, momentum or adam`, or
  /// `the minibatch, momentum or adam optimizer`.
  public func optimizers(_ names: [String]) -> String {
    let list = names.listed("or")
    return switch self {
    case .flags: "--optimizer \(list)"
    case .manifestKeys: "the \(list) optimizer"
    }
  }
}

import SIMDNet

/// The scaling a training run applies to its examples, and records in the
/// weights it produces: what `simdnet train --scale` and a manifest's
/// `scale` both do, so that a fixture is what the command line trains.
///
/// The parameters come from the training examples only (`ScalingMethod`);
/// validation and test data are scaled with them. Inputs are scaled by the
/// method; targets only in a regression by named columns (`--targets`),
/// never the one-hot targets of classes nor a numeric CSV's last columns.
/// Weights trained on from `--init` keep the scaling they carry.
public struct TrainingScaling: Sendable {
  public var inputs: FeatureScaling<[Double]>?
  public var targets: FeatureScaling<[Double]>?

  /// The scaling `method` computes from the raw training examples `data`,
  /// unless `initial` weights carry their own.
  public init(_ method: ScalingMethod, of data: DatasetFile, keeping initial: WeightsFile? = nil) {
    inputs = initial?.inputScaling ?? method.parameters(of: data.inputs)
    targets =
      initial?.outputScaling
      ?? (data.targetNames == nil ? nil : method.parameters(of: data.targets))
  }

  /// `data` in the units the network trains in.
  public func applied(to data: DatasetFile) -> DatasetFile {
    data.scaled(inputs: inputs, targets: targets)
  }

  /// Trained `weights` carrying this scaling and the names the raw table
  /// `data` gave its columns and classes, so that prediction takes raw
  /// features and names what it returns.
  public func describing(_ weights: WeightsFile, trainedOn data: DatasetFile) throws(ToolError)
    -> WeightsFile
  {
    try weights.describing(
      inputScaling: inputs, outputScaling: targets, features: data.featureNames,
      targets: data.targetNames, classes: data.classes)
  }
}

import SIMDNet

extension DatasetFile {
  /// The examples with each input scaled by `inputs` and each target by
  /// `targets` (the kernel's `FeatureScaling.scaled`, the formula every
  /// prediction path applies), for training in the scaled units.
  public func scaled(
    inputs inputScaling: FeatureScaling<[Double]>?, targets targetScaling: FeatureScaling<[Double]>?
  ) -> DatasetFile {
    func apply(_ rows: ExampleRows, _ scaling: FeatureScaling<[Double]>?) -> ExampleRows {
      guard let scaling else { return rows }
      var values = rows.values
      for n in 0..<rows.count {
        for i in 0..<rows.width {
          values[n * rows.width + i] = scaling.scaled(values[n * rows.width + i], feature: i)
        }
      }
      return ExampleRows(width: rows.width, values: values)
    }
    var file = self
    file.inputs = apply(inputs, inputScaling)
    file.targets = apply(targets, targetScaling)
    return file
  }
}

// The tool's library re-exports the weights module: everything that reads
// or writes a weights file, and the located errors every reader throws.
@_exported import SIMDNetWeights

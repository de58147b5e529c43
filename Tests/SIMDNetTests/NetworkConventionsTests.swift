import SIMDNet
import Testing

/// What a Swift developer expects of a value: it prints its numbers, and
/// `==` says whether two networks are the same to the bit.
@Suite("Descriptions and equality")
struct NetworkConventionsTests {
  @Test("a network prints its shape, activations and parameters, in the weights file's layout")
  func description() {
    let neuron = Layer<2, 1>(weights: [[0.1, 0.6]], biases: [0], activation: .sigmoid)
    #expect("\(neuron)" == "Layer<2, 1>(2-1 [sigmoid] weights: [[[0.1, 0.6]]] biases: [[0.0]])")

    var xor = MLP1<2, 2, 1>(Layer(activation: .tanh), Layer(activation: .tableSigmoid))
    for p in 0..<xor.parameterCount { xor[parameter: p] = Double(p + 1) }
    let expected =
      "2-2-1 [tanh, tableSigmoid] weights: [[[1.0, 2.0], [3.0, 4.0]], [[7.0, 8.0]]]"
      + " biases: [[5.0, 6.0], [9.0]]"
    #expect("\(xor)" == "Stack(\(expected))")
    #expect("\(DynamicNetwork(xor))" == "DynamicNetwork(\(expected))")

    // Every parameter reads back to the same bits.
    var odd = Layer<1, 1>(activation: .linear)
    odd[parameter: 0] = 0.1 + 0.2
    odd[parameter: 1] = -.leastNonzeroMagnitude
    #expect(
      "\(odd)" == "Layer<1, 1>(1-1 [linear] weights: [[[0.30000000000000004]]] biases: [[-5e-324]])"
    )
  }

  @Test("== compares bits: a NaN parameter equals itself, 0 and −0 differ")
  func equality() {
    var a = MLP1<2, 3, 1>(Layer(activation: .sigmoid), Layer(activation: .sigmoid))
    for p in 0..<a.parameterCount { a[parameter: p] = Double(p) / 7 }
    var b = a
    #expect(a == b)
    b[parameter: 4] = b[parameter: 4].nextUp
    #expect(a != b)

    b = a
    a[parameter: 0] = 0
    b[parameter: 0] = -0.0
    #expect(a != b)

    a[parameter: 0] = .nan
    b[parameter: 0] = .nan
    #expect(a == b)

    // Another activation is another network, whatever the parameters.
    var c = a
    c = MLP1(Layer(activation: .sigmoid), Layer(activation: .relu))
    for p in 0..<a.parameterCount { c[parameter: p] = a[parameter: p] }
    #expect(a != c)

    // A run-time twin is the same network; a run-time network of another
    // shape is not.
    #expect(DynamicNetwork(a) == DynamicNetwork(a))
    #expect(DynamicNetwork(a).isBitwiseEqual(to: a))
    #expect(
      !DynamicNetwork(layerWidths: [2, 3, 2], activations: [.sigmoid, .sigmoid]).isBitwiseEqual(
        to: a))
  }
}

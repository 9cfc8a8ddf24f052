"""Chapter code: multilayer perceptron."""

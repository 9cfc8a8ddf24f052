"""Chapter code: perceptron."""

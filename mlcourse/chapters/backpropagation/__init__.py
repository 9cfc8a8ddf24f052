"""Chapter code: backpropagation."""

"""Chapter code: gradient descent."""

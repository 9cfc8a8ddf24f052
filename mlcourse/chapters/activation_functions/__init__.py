"""Chapter code: activation functions."""

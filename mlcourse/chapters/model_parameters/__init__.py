"""Chapter code: model parameters."""

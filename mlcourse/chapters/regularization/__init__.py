"""Chapter code: regularization."""

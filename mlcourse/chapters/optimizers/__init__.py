"""Chapter code: optimizers."""

"""Chapter code: loss functions."""

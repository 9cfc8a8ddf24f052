"""Chapter code: cross validation."""

"""Chapter code: linear regression."""

"""Chapter code: chain rule."""

"""Chapter code: vanishing gradients."""

"""Chapter code: capstone digits."""

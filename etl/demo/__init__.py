"""The seeded synthetic demo: internal extracts in the data contract's format, calibrated to the
real programmes' scale (`generate` writes them). Never read by a real run."""

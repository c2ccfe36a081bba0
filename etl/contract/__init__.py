"""The data contract of the internal extracts: every extract's columns, types, allowed values and
keys (`extracts`), its column kinds (`columns`), its vocabulary, and the data dictionary rendered from it."""

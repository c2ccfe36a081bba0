"""What the app reads: its database engine (read-only), the queries of the published tables, the
cache, the app's settings and engine (state), a request's release context and the vocabulary.

May import: settings (never charts, ui or anything above them)."""

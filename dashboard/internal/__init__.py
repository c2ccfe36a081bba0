"""Pages that exist only in internal mode; create_app registers them, and the public app answers 404 under /internal."""

"""Who may do what: sign-in, server-side sessions, users and password hashes, the sign-in throttle,
the audit trail, what a request must look like (guards), response headers, what caches may keep (caching) and
absolute addresses.

May import: data, ui (its HTML templates) and settings (never pages, exports or internal)."""

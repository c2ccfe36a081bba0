"""The commissioned-services register: search, postcodes, six-monthly ratings, the Committee report,
and its open standards (Open Referral UK, 360Giving).

May import: api (its HTTP helpers), access (what caches may keep), ui, charts, data (never pages or exports)."""

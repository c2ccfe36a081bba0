"""Load: write a release into a database in one transaction, as a draft (`write.py`), after the schema this version
has (`schema.py`, with the tables reshaped by `reshape.py`), under the release lock (`lock.py`). Either every table of
the release and its `releases` row are committed, or (on any error, or if the process is killed) nothing is. Making a
draft live is publication's (etl/publication/). The only stage that touches a database; it may import settings and
errors, never the stages before it, publication or the demo generator.
"""

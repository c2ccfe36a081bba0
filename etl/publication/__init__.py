"""A release's cycle after a run: loaded as a draft (`drafts.py`, its protected tables in the pending ones,
`pending.py`), compared with the live release (`review.py`), published when approved and due (`due.py`), withdrawn
(`withdrawal.py`), the calendar copied (`calendar_sync.py`), a demo release published at once (`demo.py`).
It may import the load, settings and errors, never etl.publish's builders, the pipeline or the demo generator.
"""

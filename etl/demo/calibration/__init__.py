"""Calibration of the synthetic demo data: programmes modelled on the real London VRU ones (one module per priority
area, listed in order by `programmes.py`), their providers, the population drawn from, and the cases the "needs
attention" page must show.

Scale (funding, reach, boroughs, KPIs) follows the published facts in shared/reference/programmes.md; every figure the
generator writes is synthetic. Provider names are invented, so that no real organisation is shown with made-up
performance ratings.
"""

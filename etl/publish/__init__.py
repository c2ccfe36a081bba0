"""Building a release's tables from validated extracts and the protected cube: the programmes', the services
register's, the London Crime Prevention Fund's and the release's own (`release.release_tables` gathers them).
Pure: DataFrames in and out; it may import the contract, aggregate, disclosure, periods, halves and reference,
never the load, publication or the demo generator.
"""

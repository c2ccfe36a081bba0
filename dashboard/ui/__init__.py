"""What pages and files are built from: layout components and chart cards, filters, number formats,
formula-safe spreadsheets, HTML templates, the first paint, Dash's scripts on demand, outage pages.

May import: charts and data (never pages, exports, register, access or internal)."""

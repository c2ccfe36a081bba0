"""Everything a journalist takes away from a chart: the view a request names, CSV and XLSX
downloads, data packages, server-drawn pictures, embeds and share previews.

May import: pages (the page kind and the registry's lookups only), charts, ui, access, data."""

"""Page content builders: (context, filter values) -> components. Pages in dashboard/pages only lay them out."""

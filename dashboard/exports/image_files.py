"""What goes into an image file (pure): the chart composed as an image draws it (title, notes, size; or as its card
shows it), and the chart in words in the file's metadata (PNG text chunks, SVG <title> and <desc>), as the browser's
"Save as image" draws them (assets/chart-export.js).
"""

from __future__ import annotations

import struct
import textwrap
import zlib
from xml.sax.saxutils import escape as xml_escape

from dashboard.charts import slots
from dashboard.exports.renderer import RenderFailed

# size=card and card-narrow: the chart as the page shows it, with nothing added: the picture a chart page shows until
# plotly.js is loaded (dashboard/charts/facade.py), width= px wide, one of slots.WIDTHS (no other width is drawn, so
# nobody can fill the cache with widths no page shows). Without width=, at these widths (addresses kept from before
# the pages asked for widths).
CARD_WIDTHS = {"card": 900, "card-narrow": 360}
# The width a chart image is drawn at without size=og: a column of a news page at 2x, or a slide.
DEFAULT_WIDTH = 1200
NOTES_EXTRA_HEIGHT = 130  # as chart-export.js: room under the chart for the notes lines
OG_WIDTH, OG_HEIGHT = 1200, 630  # the share-preview size Facebook, LinkedIn and X crop to (1.91:1)
# Title and notes sizes (px): 16/11 as the browser export; on a preview shown ~500 px wide,
# 34 px becomes ~14 px, still readable.
TITLE_SIZE, NOTE_SIZE, OG_TITLE_SIZE, OG_NOTE_SIZE, OG_FONT_SIZE = 16, 11, 34, 16, 18
TITLE_CHARS, NOTE_CHARS, OG_TITLE_CHARS, OG_NOTE_CHARS = 120, 190, 58, 125  # wrap at about the image's width


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def export_figure(figure: dict, *, title: str, notes: list[str], og: bool) -> dict:
    """The figure as an image draws it: `figure` (plotly JSON, the chart as on the page) with its
    title and the notes lines under it, at the image's size. The page's figure is not changed."""
    layout = dict(figure.get("layout", {}))
    margin = dict(layout.get("margin") or {})
    bottom, left = margin.get("b", 50), margin.get("l", 60)
    title_lines = _wrap(title, OG_TITLE_CHARS if og else TITLE_CHARS)
    note_lines = [line for note in notes for line in _wrap(note, OG_NOTE_CHARS if og else NOTE_CHARS)]
    note_size = OG_NOTE_SIZE if og else NOTE_SIZE
    step = round(note_size * 1.6)
    title_size = OG_TITLE_SIZE if og else TITLE_SIZE
    top = 24 + round(title_size * 1.3) * len(title_lines)
    width, height = (
        (OG_WIDTH, OG_HEIGHT) if og else (DEFAULT_WIDTH, int(layout.get("height") or 450) + NOTES_EXTRA_HEIGHT)
    )
    notes_annotations = [
        {
            "text": xml_escape(line),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "xanchor": "left",
            "xshift": 10 - left,
            "y": 0,
            "yanchor": "top",
            "yshift": -(bottom + step + step * i),
            "showarrow": False,
            "font": {"size": note_size, "color": "#333"},
        }
        for i, line in enumerate(note_lines)
    ]
    layout.update(
        {
            "title": {
                "text": "<br>".join(xml_escape(line) for line in title_lines),
                "x": 0.01,
                "xref": "container",
                "xanchor": "left",
                # plotly anchors a multi-line title's top by its first line's baseline: moved down a line per extra
                # line.
                "y": 1 - (18 + round(title_size * 1.3) * (len(title_lines) - 1)) / height,
                "yref": "container",
                "yanchor": "top",
                "font": {"size": title_size},
            },
            "margin": {
                **margin,
                "t": top,
                "b": bottom + step * len(note_lines) + 30,
                "r": max(margin.get("r", 20), 40),
            },
            "annotations": list(layout.get("annotations") or []) + notes_annotations,
            "width": width,
            "height": height,
        }
    )
    if og:
        layout["font"] = {**(layout.get("font") or {}), "size": OG_FONT_SIZE}
    return {"data": figure.get("data", []), "layout": layout}


def card_figure(figure: dict, *, width: int) -> dict:
    """The figure as the page draws it (no title, notes or extra margin), at `width` and its own height (less, for a
    map narrower than its height allows), without labels placed for a wider chart (slots.fit)."""
    return slots.fit(figure, width=width)


# --------------------------------------------------------------------------- metadata in the files (pure)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_text(png: bytes, items: dict[str, str]) -> bytes:
    """The PNG with a text chunk per item after its header: tEXt where the text is Latin-1 (the
    PNG standard's keywords: Title, Description, Source, Copyright...), iTXt (UTF-8) otherwise."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise RenderFailed("not a PNG")
    end_of_header = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    chunks = b""
    for key, text in items.items():
        try:
            chunks += _png_chunk(b"tEXt", key.encode("latin-1") + b"\0" + text.encode("latin-1"))
        except UnicodeEncodeError:
            chunks += _png_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))
    return png[:end_of_header] + chunks + png[end_of_header:]


def svg_with_description(svg: bytes, *, title: str, description: str) -> bytes:
    """The SVG with <title> and <desc> as the root's first children, and role="img" naming them,
    so the file describes itself wherever it is opened or inlined."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    close = text.find(">", start)
    if start < 0 or close < 0:
        raise RenderFailed("not an SVG")
    head = text[start:close]
    if 'role="img"' not in head:
        head += ' role="img" aria-labelledby="vru-title" aria-describedby="vru-desc"'
    inner = f'<title id="vru-title">{xml_escape(title)}</title><desc id="vru-desc">{xml_escape(description)}</desc>'
    return (text[:start] + head + ">" + inner + text[close + 1 :]).encode("utf-8")

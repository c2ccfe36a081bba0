"""Where a chart card sits in a page's layout, and the widths its picture is drawn at for each screen width.

A chart's picture (dashboard/charts/facade.py) is an SVG drawn on the server at a fixed width and scaled by the
browser to the width of its card. Scaled down, its text shrinks with it: a picture drawn 900 px wide in a card 330 px
wide shows 13 px labels 5 px high. So each picture is drawn at several widths from one ladder, and the page offers
them in a <picture> whose media queries pick, for each screen width, the widest one no wider than the card: the
browser only ever scales a picture up, by less than one step of the ladder, and its text shows at least at the size
it was drawn. Media queries (the screen's width in CSS pixels), not `srcset` width descriptors: those pick by
device pixels, so a phone with three device pixels to each CSS pixel would take a picture three times too wide, with
text a third of its size.

A `Slot` says how wide a card is at each screen width, from the Bootstrap grid the pages use (dbc.Col's breakpoints
and the card's padding); a chart spec names its slot (dashboard/charts/__init__.py) and the page puts the card in a
column of that share. The browser test of the pictures (tests/browser/dashboard/charts/test_facade.py) measures what
a reader sees at 360, 768, 1,280 and 1,920 px, so a slot that does not match its column fails there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# The widths (px) a picture may be drawn at: about a fifth apart, from a small phone's card to a wide desk's. The
# image route draws no other width, so the pictures of a chart are a handful of cache entries, never one per request.
WIDTHS = (260, 300, 360, 430, 520, 620, 740, 890, 1070, 1280, 1540, 1850)
# The grid of the pages (assets/00-bootstrap.min.css, container-fluid): the page's side padding, a row's gutter, and
# a card's border and padding on both sides.
PAGE_PADDING_PX = 24
GUTTER_PX = 24
CARD_INSET_PX = 34
# A desk browser's scrollbar takes this much of the width a media query sees; screens narrower than PHONE_PX are
# phones, whose scrollbars take none.
SCROLLBAR_PX, PHONE_PX = 17, 576
# The screen widths the media queries are worked out over: the narrowest phone to a wide desk; wider screens take
# the widest band's picture, scaled up.
NARROWEST_PX, WIDEST_PX = 320, 2560


@dataclass(frozen=True)
class Slot:
    """A card's place in the grid: from each breakpoint up (a screen width in px), the share of the row its column
    takes (full width below the first), and how many cards it sits in (a KPI's chart is a card in the KPI's card)."""

    name: str
    columns: tuple[tuple[int, float], ...] = ()
    nested: int = 0
    least: int = 0  # a chart at least this wide (px), its card scrolling sideways where the screen is narrower
    inset: int = CARD_INSET_PX  # the frame's border and padding, both sides (a picture outside a card has less)
    # From each breakpoint up, the widest (px) the picture is shown at (its frame's max-width in the stylesheet).
    most: tuple[tuple[int, int], ...] = ()

    def share(self, screen: int) -> float:
        share = 1.0
        for breakpoint, fraction in self.columns:
            if screen >= breakpoint:
                share = fraction
        return share

    def width(self, screen: int, *, scrollbar: int = 0) -> float:
        """The chart's width (px) in its card on a screen `screen` px wide (as media queries see it) less a
        scrollbar `scrollbar` px wide."""
        row = screen - scrollbar - PAGE_PADDING_PX + GUTTER_PX
        width = max(self.least, self.share(screen) * row - GUTTER_PX - self.inset * (1 + self.nested))
        caps = [cap for breakpoint, cap in self.most if screen >= breakpoint]
        return min(width, caps[-1]) if caps else width


@dataclass(frozen=True)
class Band:
    """Screens from `low` to `high` px wide (None: no bound) show the picture drawn `width` px wide."""

    low: int | None
    high: int | None
    width: int

    @property
    def media(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"(min-width: {self.low}px)")
        if self.high is not None:
            parts.append(f"(max-width: {self.high + 0.98:g}px)")  # as Bootstrap's: no gap at fractional widths
        return " and ".join(parts)


def drawn_width(shown: float) -> int:
    """The widest width of the ladder no wider than `shown` (the narrowest where none is)."""
    return max((w for w in WIDTHS if w <= shown), default=WIDTHS[0])


@cache
def bands(slot: Slot) -> tuple[Band, ...]:
    """The screen widths at which each of the slot's pictures is shown, narrowest first: on each screen the picture
    is no wider than the card even with a scrollbar, so it is scaled up, never down (but on screens narrower than the
    ladder's first step)."""
    runs: list[list[int]] = []  # [first screen, last screen, width]
    for screen in range(NARROWEST_PX, WIDEST_PX + 1):
        width = drawn_width(slot.width(screen, scrollbar=SCROLLBAR_PX if screen >= PHONE_PX else 0))
        if runs and runs[-1][2] == width:
            runs[-1][1] = screen
        else:
            runs.append([screen, screen, width])
    return tuple(
        Band(low=None if i == 0 else first, high=None if i == len(runs) - 1 else last, width=width)
        for i, (first, last, width) in enumerate(runs)
    )


def widths(slot: Slot) -> tuple[int, ...]:
    """Every width the slot's pictures are drawn at (what the image warmer draws ahead)."""
    return tuple(sorted({band.width for band in bands(slot)}))


@cache
def media(slot: Slot) -> tuple[tuple[int, str], ...]:
    """(width, media query list) of each of the slot's pictures, narrowest first: one <source> each, its query
    matching every band that shows it (a third's narrow picture serves both a phone and a desk's third)."""
    return tuple(
        (width, ", ".join(band.media for band in bands(slot) if band.width == width)) for width in widths(slot)
    )


def at(slot: Slot, screen: int) -> int:
    """The width of the slot's picture on a screen `screen` px wide."""
    return next(b.width for b in bands(slot) if (b.low or 0) <= screen <= (b.high if b.high is not None else screen))


# A figure whose plot keeps its shape (a map: its layout's meta holds {PLOT_ASPECT: width / height}) is drawn no
# taller than its plot needs at a picture's width, so that a phone's picture has no empty band above and below it.
PLOT_ASPECT = "plot_aspect"
# A figure whose text labels are placed for a chart at least this wide (px; the funding scatter's borough names, in
# its meta as {LABELS_FROM: px}) is drawn without them narrower: each is still named in the hover and the table.
LABELS_FROM = "labels_from"


def _meta(layout: dict) -> dict:
    meta = layout.get("meta")
    return meta if isinstance(meta, dict) else {}


def picture_height(layout: dict, width: int) -> int:
    """The height (px) a figure's picture is drawn at `width` px wide: the figure's own height, or less for a plot
    that keeps its shape and is narrower than its height allows."""
    height = int(layout.get("height") or 450)
    aspect = _meta(layout).get(PLOT_ASPECT)
    if not aspect:
        return height
    margin = layout.get("margin") or {}
    plot_width = width - margin.get("l", 80) - margin.get("r", 80)
    return min(height, round(plot_width / aspect) + margin.get("t", 100) + margin.get("b", 80))


# Bootstrap's breakpoints (px): md, lg, xl.
MD, LG, XL = 768, 992, 1200

FULL = Slot("full")
HALF = Slot("half", columns=((LG, 1 / 2),))
THIRD = Slot("third", columns=((LG, 1 / 3),))
# A chart card inside another card: a KPI's chart in the KPI's card, a borough's trend in the borough's card.
NESTED = Slot("nested", nested=1)
# A KPI's trajectory writes each quarter's rating under it: at least 60rem wide, scrolling sideways on a phone
# (assets/10-dashboard.css, .trajectory).
SCROLLING = Slot("scrolling", least=960)
# The home page's map: a picture in a thin frame (.home-map in assets/10-dashboard.css), a quarter of the row on a wide
# desk beside the programmes at a glance, no wider than 16rem on a phone and 30rem elsewhere.
HOME_MAP = Slot("home map", columns=((XL, 1 / 4),), inset=2, most=((NARROWEST_PX, 256), (PHONE_PX, 480)))


def fit(figure: dict, *, width: int) -> dict:
    """The figure (plotly JSON) as its picture `width` px wide draws it: at that width and its picture height, and
    without text labels placed for a wider chart. The figure given is not changed."""
    layout = dict(figure.get("layout") or {})
    data = list(figure.get("data") or [])
    labels_from = _meta(layout).get(LABELS_FROM)
    if labels_from and width < labels_from:
        data = [
            {**trace, "mode": trace["mode"].replace("+text", "")} if "+text" in str(trace.get("mode", "")) else trace
            for trace in data
        ]
    layout.update(width=width, height=picture_height(layout, width))
    return {"data": data, "layout": layout}

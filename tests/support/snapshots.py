"""Screenshots compared with reference pictures (the visual snapshots, tests/browser/visual/): what may differ from
one machine to another (anti-aliasing, a font's hinting) passes; a page that looks different fails.

A pixel differs when one of its channels differs by more than PIXEL_THRESHOLD (of 255); a picture matches when at
most MAX_DIFFERENT_SHARE of its pixels differ and it has the reference's size. References are stored as optimised
palette PNGs, to keep the set small; a screenshot is compared as that same palette picture."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

PIXEL_THRESHOLD = 40
MAX_DIFFERENT_SHARE = 0.002  # 0.2%: a few words of text, far less than a chart, a row or a shifted block
PALETTE_COLOURS = 128  # enough for anti-aliased text on the site's few colours


@dataclass(frozen=True)
class Comparison:
    matches: bool
    different_share: float
    reason: str = ""


def stored(png: bytes) -> Image.Image:
    """A screenshot as a reference is stored: RGB quantised to PALETTE_COLOURS colours."""
    return Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT)


def save_reference(png: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    stored(png).save(path, optimize=True)


def compare(png: bytes, reference: Path) -> tuple[Comparison, Image.Image | None]:
    """The screenshot against the reference, and an image of the differing pixels (red on the grey reference)."""
    actual = stored(png).convert("RGB")
    expected = Image.open(reference).convert("RGB")
    if actual.size != expected.size:
        return Comparison(False, 1.0, f"size {actual.size} against the reference's {expected.size}"), None
    red, green, blue = ImageChops.difference(actual, expected).split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # each pixel's largest channel difference
    mask = most.point(lambda v: 255 if v > PIXEL_THRESHOLD else 0)
    share = sum(mask.histogram()[255:]) / (mask.width * mask.height)
    diff = Image.composite(Image.new("RGB", expected.size, (220, 0, 0)), expected.convert("L").convert("RGB"), mask)
    matches = share <= MAX_DIFFERENT_SHARE
    reason = "" if matches else f"{share:.2%} of the pixels differ (at most {MAX_DIFFERENT_SHARE:.2%} may)"
    return Comparison(matches, share, reason), diff

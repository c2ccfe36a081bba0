"""The filter choices a page offers, read from the page itself in the browser, and other filter combinations drawn
from them for the benchmarks and the load test to send (scripts/_dashserver.py records the page's callback).

A page's filters are whatever its controls offer in this release: a page may take financial years only, or a choice
of its own (an indicator of need), so the values sent are never drawn from a list kept here: a value the page does not
offer is cleaned by the app into one that it does, often into the view already shown, and the callback then rightly
updates nothing.
"""

from __future__ import annotations

import copy
import json
import random

ALL = "all"
# How often a filter that has an "all" choice is narrowed to one of its other values (the rest of the time: all).
NARROWED = {"area": 0.3, "programme": 0.7, "borough": 0.5}
NARROWED_OTHERWISE = 0.5
TICKED = 0.2  # how often a tick box (the services' closed funding rounds) is ticked
# Words a visitor might type into the services search (some match nothing): free text offers no list of choices.
SEARCH_WORDS = ("mentoring", "youth", "sport", "family", "mental health", "knife", "school", "trauma")
SEARCHED = 0.3

# Run in the page (Playwright's page.evaluate) with the page's id prefix ("funding-need-"): for each control of the
# filter bar, keyed by its filter ("period"), what it offers and what it shows now. A <select>'s enabled options, a
# group of radio buttons' values, a tick box's two states; a search box is "text" with no options.
READ_CHOICES = """prefix => {
  const out = {};
  for (const el of document.querySelectorAll('[data-filters] [id^="' + prefix + '"]')) {
    const key = el.id.slice(prefix.length);
    if (el.tagName === 'SELECT') {
      const options = [...el.options].filter(o => !o.disabled).map(o => o.value);
      out[key] = {kind: 'select', options, value: el.value};
    } else if (el.tagName === 'INPUT' && el.type === 'checkbox') {
      out[key] = {kind: 'tick', options: [false, true], value: el.checked};
    } else if (el.tagName === 'INPUT') {
      out[key] = {kind: 'text', options: [], value: el.value};
    } else {
      const radios = [...el.querySelectorAll('input[type=radio]')].filter(r => !r.disabled);
      if (radios.length) {
        const checked = radios.find(r => r.checked);
        out[key] = {kind: 'radio', options: radios.map(r => r.value), value: checked ? checked.value : ''};
      }
    }
  }
  return out;
}"""


def read_choices(page, prefix: str) -> dict:
    """The filter choices of the page now open in Playwright's `page` (see READ_CHOICES)."""
    return page.evaluate(READ_CHOICES, f"{prefix}-")


def combination(body: dict) -> tuple:
    return tuple(sorted((i["id"], json.dumps(i.get("value"))) for i in body.get("inputs", [])))


def with_values(body: dict, prefix: str, values: dict) -> dict:
    out = copy.deepcopy(body)
    for item in out["inputs"]:
        key = item["id"].removeprefix(f"{prefix}-")
        if key in values:
            item["value"] = values[key]
    return out


KEEP = object()  # a value _draw leaves as the browser sent it


def _draw(key: str, choice: dict, rng: random.Random, *, within: list | None = None):
    """One value of a filter, among those its control offers (`within` narrows them: a priority area's
    programmes); KEEP for a box of free text left as it was (the services search is sometimes given a word)."""
    kind, options = choice["kind"], list(choice["options"])
    if kind == "tick":
        return rng.random() < TICKED
    if kind == "text":
        return rng.choice(SEARCH_WORDS) if key == "q" and rng.random() < SEARCHED else KEEP
    if ALL in options:
        others = [o for o in options if o != ALL and (within is None or o in within)]
        return rng.choice(others) if others and rng.random() < NARROWED.get(key, NARROWED_OTHERWISE) else ALL
    return rng.choice(options) if options else choice["value"]


def combinations(
    body: dict, prefix: str, published: dict, seen: set, count: int, rng: random.Random, *, choices: dict
) -> list[dict]:
    """`count` distinct filter combinations this page's callback takes, each value one the page offers (`choices`,
    read by read_choices), none that the browser already asked for, nor the view the page showed when its callback
    was recorded (the callback's own record of it: sent again, it would rightly update nothing). A programme is
    drawn from the chosen priority area (`published`'s programmes and areas) when the area is narrowed."""
    keys = [i["id"].removeprefix(f"{prefix}-") for i in body["inputs"]]
    offered = {k: choices[k] for k in keys if k in choices}
    shown = {k: c["value"] for k, c in offered.items() if c["kind"] != "text"}  # text: as the browser sent it
    seen = set(seen) | {combination(with_values(body, prefix, shown))}
    in_area: dict[str, list[str]] = {}
    for programme, area in published.get("programmes", []):
        in_area.setdefault(area, []).append(programme)
    out, tries = [], 0
    while len(out) < count and tries < 100 * count:
        tries += 1
        values: dict = {}
        for key, choice in offered.items():
            area = values.get("area", ALL)
            within = in_area.get(area) if key == "programme" and area != ALL else None
            value = _draw(key, choice, rng, within=within)
            if value is not KEEP:
                values[key] = value
        candidate = with_values(body, prefix, values)
        key = combination(candidate)
        if key not in seen:
            seen.add(key)
            out.append(candidate)
    return out

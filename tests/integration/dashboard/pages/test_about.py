"""The about page (dashboard/pages/about.py): docs/methodology.md rendered, every link in it working on the site."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class _MethodologyLinks(HTMLParser):
    """The href of every link inside the rendered methodology (<div class="methodology">), and the ids of the page."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # how deep inside the methodology's <div> the parser is (0: outside)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if self.depth:
            self.depth += tag == "div"
            if tag == "a" and attrs.get("href") is not None:
                self.links.append(attrs["href"])
        elif tag == "div" and "methodology" in (attrs.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


def test_every_link_in_the_rendered_methodology_leads_to_a_page_of_the_site(client):
    """Given /about as a reader's browser receives it, when every link of its methodology is followed the way the
    browser resolves it (a relative link against /about), then each answers below 400: a link written for the
    repository's file (data-dictionary.md) would be /data-dictionary.md on the site, a 404. Links to other sites are
    not followed."""
    page = client.get("/about").get_data(as_text=True)
    parser = _MethodologyLinks()
    parser.feed(page)
    assert len(parser.links) >= 2, "the methodology was found and it has links"
    followed = 0
    for href in parser.links:
        target = urlsplit(urljoin("http://localhost/about", href))
        if target.netloc != "localhost":
            continue  # another site (the licence), or mailto:
        address = target.path + (f"?{target.query}" if target.query else "")
        response = client.get(address)
        assert response.status_code < 400, f"{href} -> {address}: {response.status_code}"
        followed += 1
    assert followed >= 1

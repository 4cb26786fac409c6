"""Helpers for page tests: a small HTML reader (elements by tag, id or class, their text, the
JSON-LD), pinned query counts and page structure checks. The reader is built on the standard
library's parser; Ladder's templates close every tag."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator["Element"]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, *, id: str | None = None, cls: str | None = None
    ) -> list["Element"]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (id is None or e.attrs.get("id") == id)
            and (cls is None or cls in e.classes)
        ]

    def find(self, tag: str | None = None, *, id: str | None = None, cls: str | None = None):
        found = self.find_all(tag, id=id, cls=cls)
        assert found, f"no <{tag or '*'}> id={id} class={cls}"
        return found[0]

    def text(self, *, skip: frozenset[str] = frozenset({"cite", "visually-hidden"})) -> str:
        """The visible text, whitespace collapsed, leaving out citation marks and hidden text."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            if node.classes & skip or node.tag in {"script", "style", "title", "desc"}:
                return
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def json_ld(page: Element) -> list[dict[str, Any]]:
    scripts = [s for s in page.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    return [json.loads(s.raw_text()) for s in scripts]


def get_with_pinned_queries(client, url: str, *, queries: int, status: int, assert_num_queries):
    """GET the page within an exact query count, then again after ten more full roles exist:
    the count must not move. Returns the second response, parsed."""
    from tests.factories import build_role_with_ladder

    with assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == status, response.content[:500]
    for _ in range(10):
        build_role_with_ladder()
    with assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == status
    return parse(response.content)


def get_page(client, url: str, status: int = 200) -> Element:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("text/html")
    return parse(response.content)


def headings(page: Element) -> list[tuple[int, str]]:
    return [
        (int(e.tag[1]), e.text())
        for e in page.iter()
        if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    ]


def assert_page_structure(page: Element) -> None:
    """One h1; headings never skip a level; landmarks present."""
    levels = [level for level, _ in headings(page)]
    assert levels.count(1) == 1, headings(page)
    for previous, current in pairwise(levels):
        assert current <= previous + 1, headings(page)
    assert page.find_all("main")
    assert page.find_all("header")
    assert page.find_all("footer")
    assert page.find_all("nav")

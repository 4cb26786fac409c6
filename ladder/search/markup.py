"""The search page's hits as HTML, written in Python.

Up to 150 hits a page, each with a link, a place and a snippet whose terms are marked: as
template loops and filters they were most of an uncached search page (~1.5 of ~3 ms at x1,
profiled), for output this plain. Everything from the content is escaped here, once.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ladder.search.hits import (
    PositionHit,
    RoleHit,
    SearchResults,
    StatementHit,
    word_start_pattern,
)

Marker = Callable[[str], str]
_ENTITY = r"&[#\w]+;"


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """Escape the text and wrap each term, where a word starts with it, in <mark>."""
    return mark_safe(_marker(terms)(text))


def hits_markup(
    results: SearchResults, terms: Sequence[str], more: Mapping[str, str] | None = None
) -> SafeString:
    """The roles', positions' and statements' sections of the results, those that have hits;
    `more`: the address of the rest of a group's hits, by group, for those that have more."""
    mark = _marker(terms)
    sections = [
        ("roles", "Roles", [_role(hit, mark) for hit in results.roles]),
        ("positions", "Positions", [_position(hit, mark) for hit in results.positions]),
        ("statements", "Statements", [_statement(hit, mark) for hit in results.statements]),
    ]
    more = more or {}
    return mark_safe(
        "".join(
            f'<section class="section" aria-labelledby="{group}-results">\n'
            f'  <h2 id="{group}-results">{heading}</h2>\n'
            f'  <ul class="results">\n{"".join(items)}  </ul>\n'
            + _more(group, more.get(group), results.query)
            + "</section>\n"
            for group, heading, items in sections
            if items
        )
    )


def _more(group: str, url: str | None, query: str) -> str:
    if not url:
        return ""
    return (
        f'  <p class="results-more"><a href="{escape(url)}">All {group} matching '
        f"“{escape(query)}”</a></p>\n"
    )


def _role(hit: RoleHit, mark: Marker) -> str:
    alias = (
        f'\n      <p class="result-where">Also called “{escape(hit.matched_alias)}”</p>'
        if hit.matched_alias
        else ""
    )
    return _item(hit.url, escape(hit.name), alias, mark(hit.snippet))


def _position(hit: PositionHit, mark: Marker) -> str:
    where = (
        f'\n      <p class="result-where">{escape(hit.role_name)} · {escape(hit.level_code)}</p>'
    )
    return _item(hit.url, escape(hit.title), where, mark(hit.snippet))


def _statement(hit: StatementHit, mark: Marker) -> str:
    title = escape(hit.role_name)
    if hit.level_code:
        title += f", {escape(hit.level_code)}"
    title += f" — {escape(hit.section)}"
    label = f'\n      <p class="result-where">{mark(hit.label)}</p>' if hit.label else ""
    return _item(hit.url, title, label, mark(hit.snippet))


def _item(url: str, title: str, where: str, snippet: str) -> str:
    return (
        f'    <li class="result">\n      <a class="result-title" href="{escape(url)}">{title}</a>'
        f"{where}\n      <p>{snippet}</p>\n    </li>\n"
    )


def _marker(terms: Sequence[str]) -> Marker:
    marks = _marks(tuple(terms))
    if marks is None:
        return escape
    lowered_terms = sorted({term.lower() for term in terms}, key=len, reverse=True)

    def mark(text: str) -> str:
        escaped = escape(text)
        lowered = escaped.lower()
        if len(lowered) != len(escaped):  # a case mapping that changes lengths: rare
            return marks.sub(_marked, escaped)
        return _marked_at(escaped, _term_spans(lowered, lowered_terms))

    return mark


def _term_spans(lowered: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms start words of the escaped, lower-cased text, leftmost first and, at one
    place, the longest: what `_marks()` finds, with str.find instead of a regular expression
    tried at every character (a fifth of the time, measured)."""
    found: list[tuple[int, int]] = []
    for term in terms:
        start = lowered.find(term)
        while start >= 0:
            before = lowered[start - 1] if start else " "
            if not before.isalnum() and before != "&" and lowered[start - 2 : start] != "&#":
                found.append((start, -len(term)))
            start = lowered.find(term, start + 1)
    spans, end = [], 0
    for start, negative_length in sorted(found):
        if start >= end:
            end = start - negative_length
            spans.append((start, end))
    return spans


def _marked_at(escaped: str, spans: list[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in spans:
        parts += [escaped[last:start], "<mark>", escaped[start:end], "</mark>"]
        last = end
    parts.append(escaped[last:])
    return "".join(parts)


@lru_cache(maxsize=256)
def _marks(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """The terms where a word starts, found in the escaped text: each character escaping
    changes became an entity ending in ";", so words start where they did, and an entity is
    matched whole first so that a term ("amp", "39") is never found inside one."""
    pattern = word_start_pattern(terms)
    if pattern is None:
        return None
    return re.compile(f"({_ENTITY})|{pattern.pattern}", pattern.flags)


def _marked(match: re.Match[str]) -> str:
    return match.group(1) or f"<mark>{match.group(0)}</mark>"

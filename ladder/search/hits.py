"""What a search is asked and what it finds: terms, hits and snippets, whichever way it ran."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_LENGTH = 200
MAX_HITS = 500  # of one group, in one answer
# The groups of hits, as results and addresses name them, and the index's kind of each.
GROUPS = ("roles", "positions", "statements")
KIND_OF_GROUP = {"roles": "role", "positions": "position", "statements": "statement"}
SNIPPET_LENGTH = 200
# A word: letters and digits, as SQLite's index (FTS5's unicode61 tokenizer) splits text too.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class RoleHit:
    slug: str
    name: str
    snippet: str
    url: str
    matched_alias: str  # the alias the query named ("TPM"), or "" when the name or summary matched


@dataclass(frozen=True)
class PositionHit:
    key: str
    role_slug: str
    role_name: str
    level_slug: str
    level_code: str
    title: str
    snippet: str
    url: str


@dataclass(frozen=True)
class StatementHit:
    role_slug: str
    role_name: str
    position_key: str  # "" for a role-wide statement (a KPI, an FAQ…)
    level_slug: str
    level_code: str
    section: str  # where it sits: "Responsibilities · Roadmap ownership", "KPIs"
    label: str
    snippet: str
    url: str


@dataclass(frozen=True)
class AmbiguousTerm:
    """A term that is an abbreviation of more than one role ("TPM"): never resolved by guessing."""

    term: str
    role_slugs: list[str]
    role_names: list[str]

    @property
    def roles(self) -> list[tuple[str, str]]:
        return list(zip(self.role_slugs, self.role_names, strict=True))


@dataclass(frozen=True)
class SearchResults:
    query: str
    roles: list[RoleHit]
    positions: list[PositionHit]
    statements: list[StatementHit]
    ambiguous: list[AmbiguousTerm]

    @property
    def total(self) -> int:
        return len(self.roles) + len(self.positions) + len(self.statements)


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def named_by(query: str, terms: Sequence[str]) -> list[str]:
    """What an alias must equal, folded, for the query to name it ("TPM"): the whole query or
    one of its terms. Sorted, so that a query built from them is the same for the same search."""
    return sorted({term.casefold() for term in terms} | {query.casefold()})


def search_terms(query: str) -> list[str]:
    """The words of a query, in order, without duplicates or punctuation."""
    terms: list[str] = []
    for term in _WORD.findall(normalise_query(query)):
        if term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms


@lru_cache(maxsize=256)
def word_start_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of the terms where a word starts, ignoring case: where SQLite finds them, and what a
    page marks. Longest first, so that "roadmaps" is marked whole rather than as "roadmap"."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(re.escape(w) for w in words)})", re.IGNORECASE)


def first_word_start(text: str, terms: Sequence[str]) -> int:
    """Where a word of the text first starts with one of the terms, ignoring case, or -1: where
    the page marks it. str.find in a lower-cased copy: ~1.4 µs for 1,000 characters, where the
    pattern, trying its look-behind at every character, took ~20 (measured); the pattern only
    where lower-casing changes the text's length, and so its positions (rare: "İ"). The same
    rule as the page's marking (`markup._term_spans`), which needs every place and skips
    entities; sharing one generator of places tripled this one's cost (measured), since here
    each term stops at its first place."""
    lowered = text.lower()
    if len(lowered) != len(text):
        pattern = word_start_pattern(tuple(terms))
        found = pattern.search(text) if pattern else None
        return found.start() if found else -1
    first = -1
    for term in terms:
        start = lowered.find(term.lower()) if term else -1
        while start >= 0 and (first < 0 or start < first):
            if start == 0 or not lowered[start - 1].isalnum():
                first = start
                break
            start = lowered.find(term.lower(), start + 1)
    return first


def plain(text: str) -> str:
    """The text with every run of whitespace one space, as snippets are cut from it."""
    return " ".join(text.split())


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> str:
    """A window of the text (`plain()` already) around the first term found in it, cut at word
    boundaries."""
    if len(text) <= length:
        return text
    found = first_word_start(text, terms)
    start = max(0, found - length // 3) if found >= 0 else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end].strip()}{suffix}"

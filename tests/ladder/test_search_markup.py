"""The search page's hits, written in Python (ladder.search.markup): escaped once, terms marked
where a word starts with them, never inside an entity."""

import html
import random

import pytest

from ladder.search import markup
from ladder.search.hits import PositionHit, RoleHit, SearchResults, StatementHit


@pytest.mark.parametrize(
    ("text", "terms", "marked"),
    [
        ("Owns the roadmap.", ["roadmap"], "Owns the <mark>roadmap</mark>."),
        ("Owns the ROADMAPS", ["roadmap"], "Owns the <mark>ROADMAP</mark>S"),
        ("a roadmap", ["map"], "a roadmap"),  # inside a word: not marked
        (
            "roadmaps and roads",
            ["road", "roadmaps"],
            "<mark>roadmaps</mark> and <mark>road</mark>s",
        ),
        ("Tom & Jerry's amp", ["amp"], "Tom &amp; Jerry&#x27;s <mark>amp</mark>"),
        ("x27 'x27", ["x27"], "<mark>x27</mark> &#x27;<mark>x27</mark>"),
        ("#roadmap &roadmap", ["roadmap"], "#<mark>roadmap</mark> &amp;<mark>roadmap</mark>"),
        ("snake_case", ["case"], "snake_<mark>case</mark>"),
        ("<b>bold</b>", ["b"], "&lt;<mark>b</mark>&gt;<mark>b</mark>old&lt;/<mark>b</mark>&gt;"),
        ("İstanbul roadmap", ["roadmap"], "İstanbul <mark>roadmap</mark>"),  # lower() lengthens it
        ("no terms", [], "no terms"),
    ],
)
def test_highlight_marks_terms_where_words_start(text: str, terms: list[str], marked: str) -> None:
    assert markup.highlight(text, terms) == marked


def test_the_fast_way_marks_what_the_regular_expression_marks() -> None:
    rng = random.Random(6)
    pieces = [*"abcAB &#<>'\"x279;_é", "amp", "lt", "quot", "x27", "road", "roadmap", "ROADMAP"]
    words = ["amp", "a", "ab", "road", "roadmap", "x27", "27", "lt", "b", "é", "quot", "map"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        terms = rng.sample(words, rng.randint(1, 3))
        pattern = markup._marks(tuple(terms))
        assert pattern is not None
        expected = pattern.sub(markup._marked, html.escape(text))
        assert markup.highlight(text, terms) == expected, (text, terms)


def test_hits_markup_writes_each_group_that_has_hits() -> None:
    results = SearchResults(
        query="roadmap",
        roles=[RoleHit("tpm", "TPM <1>", "A roadmap", "/roles/tpm/", matched_alias="T&P")],
        positions=[
            PositionHit(
                "tpm.p3", "tpm", "TPM", "p3", "P3", "Senior", "The roadmap", "/roles/tpm/p3/"
            )
        ],
        statements=[],
        ambiguous=[],
    )
    page = markup.hits_markup(results, ["roadmap"])
    assert 'aria-labelledby="roles-results"' in page
    assert 'aria-labelledby="positions-results"' in page
    assert "statements-results" not in page
    assert "TPM &lt;1&gt;" in page
    assert "Also called “T&amp;P”" in page
    assert '<p class="result-where">TPM · P3</p>' in page
    assert "The <mark>roadmap</mark>" in page


def test_a_statement_hit_shows_its_place_and_marked_label() -> None:
    hit = StatementHit(
        role_slug="pm",
        role_name="Product Manager",
        position_key="pm.p4",
        level_slug="p4",
        level_code="P4",
        section="Responsibilities · Roadmap ownership",
        label="Roadmap",
        snippet="Owns it",
        url="/roles/pm/p4/#responsibilities-roadmap-ownership",
    )
    results = SearchResults("roadmap", [], [], [hit], [])
    page = markup.hits_markup(results, ["roadmap"])
    assert "Product Manager, P4 — Responsibilities · Roadmap ownership</a>" in page
    assert '<p class="result-where"><mark>Roadmap</mark></p>' in page
    assert markup.hits_markup(SearchResults("x", [], [], [], []), ["x"]) == ""

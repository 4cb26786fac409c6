"""Fragments spliced into a rendered page: each placeholder replaced once, in order, and a
placeholder the page lacks is an error rather than a fragment silently dropped."""

import pytest

from ladder.splicing import placeholder, splice


def test_each_placeholder_is_replaced_by_its_pieces_in_order() -> None:
    page = f"<p>{placeholder('a')}</p><div>{placeholder('b')}</div>".encode()
    body = memoryview(b"0123456789")
    assert splice(page, [("a", [b"A", body[2:4]]), ("b", [])]) == b"<p>A23</p><div></div>"
    assert splice(page, []) == page


def test_a_placeholder_the_page_lacks_is_an_error() -> None:
    page = f"<p>{placeholder('a')}</p>".encode()
    with pytest.raises(ValueError, match="subsection not found"):
        splice(page, [("b", [b"B"])])
    with pytest.raises(ValueError, match="subsection not found"):  # out of the page's order
        splice(f"{placeholder('a')}{placeholder('b')}".encode(), [("b", []), ("a", [])])

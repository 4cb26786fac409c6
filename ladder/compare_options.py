"""The comparison form's choice of positions, as markup rendered once per data version.

Every <select> of the form lists every position, grouped by role and scale: at ×100 that is
1,700 options, four times over, and building them from model objects and a template on every
comparison cost more than the comparison (profiled). The options differ between the selects only
in which one is `selected`, so the loader renders them once, beside the stored pages, and a
comparison reads them with its other stored parts (ladder.comparison.store.read_current) and
splices them into the rendered page, each select's choice marked (`option_fragments()`). Not stored
(pages not stored, or a position added without the loader): the options are rendered from the
positions, as the loader renders them.
"""

from collections.abc import Mapping, Sequence

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape  # as the template escaped the keys

from ladder.selectors import ChoiceGroup, position_choices
from ladder.splicing import Piece, placeholder

OPTIONS_KEY = "fragment:compare-options"
CONTENT_TYPE = "text/html; charset=utf-8"
TEMPLATE = "includes/compare_options.html"


def render_options(choices: list[ChoiceGroup]) -> str:
    return render_to_string(TEMPLATE, {"choices": choices})


def stored_fragments() -> list[tuple[str, str, bytes]]:
    """What the loader stores, in (key, content type, body) form: the options, from one query."""
    return [(OPTIONS_KEY, CONTENT_TYPE, render_options(position_choices()).encode())]


def options_body(stored: Mapping[str, bytes]) -> bytes:
    """Every position's <option>, none selected, as UTF-8: stored (read by the caller with
    ladder.comparison.store.read_current), or rendered."""
    if OPTIONS_KEY in stored:
        return stored[OPTIONS_KEY]
    return render_options(position_choices()).encode()


def options_placeholder(number: int) -> SafeString:
    """What the page template writes where select `number`'s options go (`option_fragments()`)."""
    return placeholder(_name(number))


def option_fragments(options: bytes, values: Sequence[str]) -> list[tuple[str, list[Piece]]]:
    """Each select's options, its value marked selected, for `ladder.splicing.splice()`.

    Spliced into the encoded page rather than rendered by the template: at ×100 the options
    are 1,700 positions (~170 KB, four times over), and decoding them, copying them through
    the template's escaping and joining, then encoding the page again cost more than the rest
    of a comparison (profiled). Here each select's copy is made once, in the page's."""
    body = memoryview(options)
    fragments: list[tuple[str, list[Piece]]] = []
    for number, value in enumerate(values, start=1):
        plain = f'<option value="{escape(value)}">'.encode()
        chosen = options.find(plain) if value else -1
        if chosen < 0:
            fragments.append((_name(number), [body]))
        else:
            end = chosen + len(plain) - 1
            fragments.append((_name(number), [body[:end], b" selected", body[end:]]))
    return fragments


def _name(number: int) -> str:
    return f"compare-options-{number}"


def with_selected(options: str, key: str) -> SafeString:
    """The options with `key`'s marked selected (none when `key` is not among them)."""
    if key:
        plain = f'<option value="{escape(key)}">'
        options = options.replace(plain, f"{plain[:-1]} selected>", 1)
    return mark_safe(options)

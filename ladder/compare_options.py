"""The comparison form's choice of positions, as markup rendered once per data version.

Every <select> of the form lists every position, grouped by role and scale: at ×100 that is
1,700 options, four times over, and building them from model objects and a template on every
comparison cost more than the comparison (profiled). The options differ between the selects only
in which one is `selected`, so the loader renders them once, beside the stored pages, and a
comparison reads them in one query (the one the list of positions cost before) and marks each
select's choice. Not stored (pages not stored, or a position added without the loader): the
options are rendered from the positions, as the loader renders them.
"""

from collections.abc import Mapping
from functools import cache

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape  # as the template escaped the keys

from ladder.build_fingerprint import build_fingerprint
from ladder.models import Framework, StoredDocument
from ladder.selectors import ChoiceGroup, position_choices

OPTIONS_KEY = "fragment:compare-options"
CONTENT_TYPE = "text/html; charset=utf-8"
TEMPLATE = "includes/compare_options.html"


def render_options(choices: list[ChoiceGroup]) -> str:
    return render_to_string(TEMPLATE, {"choices": choices})


def stored_fragments() -> list[tuple[str, str, bytes]]:
    """What the loader stores, in (key, content type, body) form: the options, from one query."""
    return [(OPTIONS_KEY, CONTENT_TYPE, render_options(position_choices()).encode())]


def options_markup(stored: Mapping[str, bytes] | None = None) -> str:
    """Every position's <option>, none selected: stored, or rendered. One query either way, or
    none when the caller read the stored documents already (`stored`, from
    ladder.comparison.store.read_current)."""
    if stored is not None:
        if OPTIONS_KEY in stored:
            return stored[OPTIONS_KEY].decode()
    elif settings.LADDER_STORED_PAGES:
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(), [f"+{build_fingerprint()}", OPTIONS_KEY])
            row = cursor.fetchone()
        if row is not None:
            return bytes(row[0]).decode()
    return render_options(position_choices())


def with_selected(options: str, key: str) -> SafeString:
    """The options with `key`'s marked selected (none when `key` is not among them)."""
    if key:
        plain = f'<option value="{escape(key)}">'
        options = options.replace(plain, f"{plain[:-1]} selected>", 1)
    return mark_safe(options)


@cache
def _read_sql() -> str:
    # The current data version is read in the same statement: a comparison's query count stays
    # what it was with the list of positions (one).
    quote = connection.ops.quote_name
    documents, framework = StoredDocument._meta.db_table, Framework._meta.db_table
    return (
        f"SELECT {quote('body')} FROM {quote(documents)} "
        f"WHERE {quote('data_version')} = ("
        f"SELECT {quote('data_version')} FROM {quote(framework)} ORDER BY {quote('id')} LIMIT 1"
        f") || %s AND {quote('key')} = %s"
    )

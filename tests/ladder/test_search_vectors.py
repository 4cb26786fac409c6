"""PostgreSQL keeps each searchable row's vector (roles/migrations/0002_search_vectors.py): it
must always be exactly what the search would build from the row's SEARCH_FIELDS, whoever wrote
the row, and whatever the aspect or level it borrows text from became since."""

from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.db.models import Model

from ladder.loader import load_ladder
from ladder.search import SEARCH_FIELDS, search_ladder, stored_vector, vector_of_fields
from levels.models import Level
from roles.models import Aspect, Position, Statement
from tests.factories import build_role_with_ladder

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite keeps no vectors: its index is FTS5 (ladder.search.index)",
    ),
]


def mismatches(model: type[Model]) -> list[tuple[int, str, str]]:
    """Rows whose stored vector differs from the one built from their fields, as text."""
    rows = model._default_manager.annotate(  # type: ignore[attr-defined]
        stored=stored_vector(model), built=vector_of_fields(model)
    ).values_list("pk", "stored", "built")
    return [(pk, stored, built) for pk, stored, built in rows if stored != built]


@pytest.mark.parametrize("model", list(SEARCH_FIELDS), ids=lambda m: m.__name__)
def test_every_loaded_row_keeps_the_vector_of_its_fields(model):
    assert model._default_manager.exists()
    assert mismatches(model) == []


def test_rows_written_by_the_orm_get_their_vector():
    role = build_role_with_ladder(name="Quantum Widget Owner")
    for model in SEARCH_FIELDS:
        assert mismatches(model) == []
    assert [hit.slug for hit in search_ladder("quantum widget").roles] == [role.slug]


def test_an_edited_row_gets_its_new_vector():
    statement = Statement.objects.filter(aspect__isnull=False).first()
    assert statement is not None
    statement.text = "Owns the zeppelin maintenance calendar."
    statement.save()
    assert mismatches(Statement) == []
    hits = search_ladder("zeppelin").statements
    assert [hit.position_key for hit in hits] == [statement.position.key]


def test_renaming_an_aspect_or_a_level_code_renews_the_vectors_that_borrow_it():
    aspect = Aspect.objects.filter(statements__isnull=False).first()
    assert aspect is not None
    aspect.name = "Dirigible stewardship"
    aspect.save()
    level = Level.objects.filter(positions__isnull=False).first()
    assert level is not None
    level.code = "Z9"
    level.save()
    assert mismatches(Statement) == []
    assert mismatches(Position) == []
    assert search_ladder("dirigible").statements
    assert {hit.level_code for hit in search_ladder("z9").positions} == {"Z9"}


def merge_pending(model: type[Model]) -> int:
    """Merges the index's pending list; returns how many pages it held."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index_name(model)])
        return cursor.fetchone()[0]


def index_name(model: type[Model]) -> str:
    return f"{model._meta.db_table}_search_vector"


def test_a_load_leaves_every_search_index_merged(fixtures_copy: Path):
    # Rows written outside a load wait in the index's pending list (roles/migrations/0003)...
    build_role_with_ladder(name="Pending Widget Owner")
    assert merge_pending(Statement) > 0
    build_role_with_ladder(name="Another Pending Widget Owner")
    # ...and a load merges them with its own, so that searches after it meet a whole index.
    role_file = fixtures_copy / "roles" / "product-manager.yaml"
    data = yaml.safe_load(role_file.read_text())
    data["summary"] = "Owns the pending-list test's summary."
    role_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert load_ladder(paths=[fixtures_copy]).changed
    assert {model.__name__: merge_pending(model) for model in SEARCH_FIELDS} == {
        model.__name__: 0 for model in SEARCH_FIELDS
    }
    assert [hit.slug for hit in search_ladder("pending-list").roles] == ["product-manager"]

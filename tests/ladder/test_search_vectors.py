"""PostgreSQL keeps each searchable row's vector (roles/migrations/0002_search_vectors.py): it
must always be exactly what the search would build from the row's SEARCH_FIELDS, whoever wrote
the row, and whatever the aspect or level it borrows text from became since."""

import pytest
from django.db import connection
from django.db.models import Model

from ladder.search import SEARCH_FIELDS, search_ladder, stored_vector, vector_of_fields
from levels.models import Level
from roles.models import Aspect, Position, Statement
from tests.factories import build_role_with_ladder

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite searches with LIKE: no stored vectors"
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

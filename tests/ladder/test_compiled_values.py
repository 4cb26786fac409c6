"""run_values(): a values() queryset compiled once per shape gives what the ORM gives, every time."""

from typing import Any

import pytest
from django.db.models import Q, QuerySet

from ladder import compiled_values
from ladder.compiled_values import run_values
from ladder.search import search_ladder
from roles.models import Role, Statement

pytestmark = pytest.mark.django_db


def statements_with(terms: list[str], ids: list[int], limit: int) -> QuerySet[Any]:
    condition = Q()
    for term in terms:
        condition &= Q(text__icontains=term)
    return (
        Statement.objects.filter(condition)
        .order_by("position__key", "dimension__order", "order")
        .values("id", "text", "position__key")[:limit]
    )


def roles_named_or(terms: list[str], ids: list[int]) -> QuerySet[Any]:
    return Role.objects.filter(Q(name__icontains=terms[0]) | Q(pk__in=ids)).values("pk", "slug")


def lower_cased(terms: list[str], ids: list[int]) -> QuerySet[Any]:
    return Role.objects.filter(name__icontains=terms[0].lower()).values("pk")


def test_the_rows_are_the_orms_for_each_set_of_values_of_one_shape():
    asked = [["roadmap", "stakeholder"], ["Team", "ROADMAP"], ["vision", "zzzz"], ["p3", "level"]]
    for terms in asked:
        assert run_values(statements_with, terms, (), 500) == list(statements_with(terms, [], 500))
    assert any(run_values(statements_with, terms, (), 500) for terms in asked)


def test_ids_are_put_in_their_places():
    roles = list(Role.objects.order_by("order").values_list("pk", flat=True))
    for ids in ([roles[0]], [roles[-1], roles[0]]):
        assert run_values(roles_named_or, ["no such role"], ids) == list(
            roles_named_or(["no such role"], ids)
        )
        assert {row["pk"] for row in run_values(roles_named_or, ["no such role"], ids)} == set(ids)


def test_each_shape_is_compiled_once(django_assert_num_queries):
    compiled_values._compiled.cache_clear()
    run_values(statements_with, ["roadmap"], (), 50)
    run_values(statements_with, ["vision"], (), 50)
    run_values(statements_with, ["vision", "team"], (), 50)
    run_values(statements_with, ["vision"], (), 10)
    info = compiled_values._compiled.cache_info()
    assert (info.misses, info.hits) == (3, 1)  # one term / two terms / another limit; a repeat


def test_a_builder_that_changes_its_values_is_refused():
    with pytest.raises(ValueError, match="changed or dropped"):
        run_values(lower_cased, ["Product"], ())


def test_a_search_run_on_another_searchs_compiled_sql_finds_what_it_finds_alone():
    compiled_values._compiled.cache_clear()
    alone = search_ladder("stakeholder")
    compiled_values._compiled.cache_clear()
    search_ladder("roadmap")
    after_another = search_ladder("stakeholder")
    assert alone.statements
    assert after_another == alone

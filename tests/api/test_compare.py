"""compare/: the shape of a comparison, its links, differences only, every way a selection can
be refused (400 problems naming the keys and what is valid), conditional GET, a query count
that grows with neither the columns nor the data, and answers that conform to the schema."""

import json
from typing import Any

import pytest
from django.test import Client

from ladder.comparison import NOT_DEFINED, compare_positions
from levels.models import Level
from roles.models import Position
from tests.api.conftest import get_json
from tests.api.test_schemathesis import load_schema
from tests.factories import PositionFactory, build_role_with_ladder

PROBLEM = "application/problem+json"
TPM_P3 = "technical-product-manager.p3"
TPM_P4 = "technical-product-manager.p4"
TPM_II = "technical-product-manager.tpm-ii"
PM_P3 = "product-manager.p3"
PROGRAM_P6 = "technical-program-manager.p6"
FOUR = [TPM_P3, TPM_II, PM_P3, PROGRAM_P6]
QUERIES = 6  # the data version, then the five of compare_positions()


def bare_position() -> Position:
    """A position of a new role at P3 with no statement and no band."""
    position = PositionFactory(level=Level.objects.get(slug="p3"))
    assert isinstance(position, Position)
    return position


def path(keys: list[str], **extra: str) -> str:
    query = "&".join([f"positions={','.join(keys)}", *(f"{k}={v}" for k, v in extra.items())])
    return f"/api/v1/compare/?{query}"


def problem(api: Client, url: str) -> dict[str, Any]:
    response = api.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    return response.json()


def every_key() -> list[str]:
    return list(Position.objects.ladder_order().values_list("key", flat=True))


def test_a_comparison_is_the_domain_comparison_with_links(api: Client) -> None:
    body = get_json(api, path([TPM_P3, TPM_II]))
    expected = json.loads(json.dumps(compare_positions([TPM_P3, TPM_II]).to_dict()))
    links = ("url", "html_url")
    assert {k: v for k, v in body.items() if k not in links} == {
        **expected,
        "columns": [
            {**column, **{k: body["columns"][i][k] for k in links}}
            for i, column in enumerate(expected["columns"])
        ],
    }
    assert body["keys"] == [TPM_P3, TPM_II]
    assert body["complete"] is True
    assert body["differences_only"] is False
    first, second = body["columns"]
    assert first["url"] == f"http://testserver/api/v1/positions/{TPM_P3}/"
    assert first["html_url"] == "http://testserver/roles/technical-product-manager/p3/"
    assert second["level_label"] == "TPM II (P3–P4)"
    assert body["url"] == f"http://testserver/api/v1/compare/?positions={TPM_P3},{TPM_II}"
    assert body["html_url"] == f"http://testserver/compare/?positions={TPM_P3},{TPM_II}"
    # The links work.
    assert api.get(first["url"]).status_code == 200
    assert api.get(body["html_url"]).status_code == 200
    for section in body["sections"]:
        for row in section["rows"]:
            assert len(row["cells"]) == 2
    pay = body["summary"]["pay"][0]
    assert (pay["baseline_key"], pay["other_key"]) == (TPM_P3, TPM_II)
    delta = pay["deltas"][0]
    assert delta["median"] is None  # TPM II states no median: the note says so
    assert any(note.startswith("Median not stated") for note in delta["notes"])
    assert delta["maximum"]["bound"] == "at-least"


def test_repeated_parameters_and_case_mean_the_same(api: Client) -> None:
    comma = get_json(api, path([TPM_P3, PM_P3]))
    repeated = get_json(api, f"/api/v1/compare/?positions={TPM_P3}&positions=PRODUCT-MANAGER.P3")
    assert repeated["sections"] == comma["sections"]
    assert repeated["keys"] == [TPM_P3, PM_P3]


def test_differences_only_leaves_out_the_rows_that_are_the_same(api: Client) -> None:
    full = get_json(api, path([TPM_P3, PM_P3]))
    body = get_json(api, path([TPM_P3, PM_P3], differences_only="true"))
    assert body["differences_only"] is True
    assert (body["rows_total"], body["rows_differing"]) == (
        full["rows_total"],
        full["rows_differing"],
    )
    rows = [row for section in body["sections"] for row in section["rows"]]
    assert rows
    assert all(row["differs"] for row in rows)
    assert len(rows) == full["rows_differing"] < full["rows_total"]
    assert "level-definition" not in {section["key"] for section in body["sections"]}
    assert body["url"].endswith("&differences_only=true")
    assert body["html_url"].endswith("&diff=1")
    assert get_json(api, path([TPM_P3, PM_P3], differences_only="false")) == full


def test_a_position_without_content_is_not_defined_everywhere(api: Client) -> None:
    bare = bare_position()
    body = get_json(api, path([TPM_P3, bare.key]))
    roadmap = next(
        row
        for section in body["sections"]
        for row in section["rows"]
        if row["key"] == "responsibilities.roadmap-ownership"
    )
    assert roadmap["cells"][1] == {
        "defined": False,
        "display": NOT_DEFINED,
        "text": None,
        "bullets": [],
        "band": None,
        "citations": [],
        "derived_from": "",
    }
    assert body["summary"]["pay"][0]["deltas"] == []
    assert body["summary"]["pay"][0]["notes"] == [
        f"No pay to compare: {bare.title} states no pay band."
    ]


# --- refused selections ---------------------------------------------------------------------


def test_an_unknown_key_is_named_with_every_valid_key(api: Client) -> None:
    body = problem(api, path([TPM_P3, "astronaut.p9", "astronaut.p10"]))
    assert body["title"] == "Positions cannot be compared"
    assert body["status"] == 400
    assert [p["name"] for p in body["invalid_params"]] == ["positions", "positions"]
    assert [p["reason"] for p in body["invalid_params"]] == [
        "'astronaut.p9' is not a position",
        "'astronaut.p10' is not a position",
    ]
    assert all(p["valid"] == every_key() for p in body["invalid_params"])
    assert body["positions_url"] == "http://testserver/api/v1/positions/"
    assert "Every position is listed at http://testserver/api/v1/positions/" in body["detail"]
    assert api.get(body["positions_url"]).status_code == 200


def test_a_malformed_key_says_what_a_key_looks_like(api: Client) -> None:
    body = problem(api, "/api/v1/compare/?positions=technical-product-manager.p3,P3%20TPM")
    [param] = body["invalid_params"]
    assert param["reason"].startswith("'P3 TPM' is not a position key")
    assert "technical-product-manager.p3" in param["reason"]
    assert param["valid"] == every_key()


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (f"positions={TPM_P3}", "Choose at least one more position to compare with"),
        ("positions=", "Choose 2 to 4 positions to compare"),
        ("", "Choose 2 to 4 positions to compare"),
        (f"positions={','.join([*FOUR, TPM_P4])}", "Compare at most 4 positions at a time"),
    ],
    ids=["one", "blank", "none", "five"],
)
def test_fewer_than_two_or_more_than_four_is_a_400(api: Client, query: str, reason: str) -> None:
    body = problem(api, f"/api/v1/compare/?{query}")
    [param] = body["invalid_params"]
    assert param["name"] == "positions"
    assert param["reason"].startswith(reason)
    assert param["valid"] == every_key()
    assert body["positions_url"] == "http://testserver/api/v1/positions/"


def test_differences_only_must_be_a_boolean(api: Client) -> None:
    body = problem(api, path([TPM_P3, TPM_P4], differences_only="maybe"))
    assert body["invalid_params"] == [
        {
            "name": "differences_only",
            "reason": "'maybe' is not a boolean",
            "valid": ["true", "false"],
        }
    ]


# --- caching and queries --------------------------------------------------------------------


def test_etag_and_304(api: Client) -> None:
    response = api.get(path([TPM_P3, TPM_P4]))
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert response["Cache-Control"] == "public, max-age=300"
    again = api.get(path([TPM_P3, TPM_P4]), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # Another selection, or the other order, is another representation.
    assert api.get(path([TPM_P4, TPM_P3]), HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert api.get(path([TPM_P3, TPM_P4], differences_only="true"))["ETag"] != etag
    # A refused selection carries no validator.
    assert "ETag" not in api.get(path([TPM_P3]))


def test_query_count_is_constant_for_two_to_four_positions_and_more_data(
    api: Client, django_assert_num_queries
) -> None:
    def measure() -> None:
        for keys in ([TPM_P3, TPM_P4], FOUR):
            with django_assert_num_queries(QUERIES):
                assert api.get(path(keys)).status_code == 200

    measure()
    for _ in range(10):
        build_role_with_ladder()
    measure()


# --- the schema -----------------------------------------------------------------------------


@pytest.mark.usefixtures("in_process_wsgi")
@pytest.mark.parametrize(
    "query",
    [
        {"positions": f"{TPM_P3},{TPM_II}"},
        {"positions": ",".join(FOUR), "differences_only": "true"},
        {"positions": f"{TPM_P3},{TPM_P3}", "differences_only": "true"},
        {"positions": "technical-product-manager.tpm-i,technical-product-manager.p6"},
        {"positions": TPM_P3},
        {"positions": "x"},
    ],
)
def test_answers_conform_to_the_schema(query: dict[str, str]) -> None:
    operation = load_schema()["/api/v1/compare/"]["GET"]
    case = operation.Case(query=query)
    response = case.call()
    assert response.status_code in (200, 400)
    operation.validate_response(response)


@pytest.mark.usefixtures("in_process_wsgi")
def test_a_position_without_content_conforms_to_the_schema() -> None:
    bare = bare_position()
    operation = load_schema()["/api/v1/compare/"]["GET"]
    case = operation.Case(query={"positions": f"{bare.key},{TPM_P3}"})
    response = case.call()
    assert response.status_code == 200
    operation.validate_response(response)

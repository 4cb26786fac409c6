"""Malformed content files: each is rejected naming its file, path and fault; nothing is written."""

import pytest

from ladder.fixture_errors import FixtureError, FixtureInvalid
from ladder.loader import load_ladder
from tests.conftest import database_fingerprint
from tests.ladder.fixture_cases import PM, data_edit, first_band, text, title_level

pytestmark = pytest.mark.django_db


FAULTS = [
    ("wrong type", PM, data_edit(lambda d: d.update(order="first")), "order", "valid integer"),
    (
        "missing field",
        PM,
        data_edit(lambda d: d["positions"][0].pop("summary")),
        "positions[0].summary",
        "required field is missing",
    ),
    (
        "unknown level",
        PM,
        data_edit(lambda d: d["positions"][0].update(level="p9")),
        "positions[0].level",
        "unknown level 'p9'",
    ),
    (
        "dangling source",
        PM,
        data_edit(lambda d: first_band(d).update(source="hearsay")),
        "positions[0].bands[0].source",
        "unknown source 'hearsay'",
    ),
    (
        "duplicate level slug",
        "scales.yaml",
        data_edit(lambda d: d["scales"][0]["levels"][1].update(slug="p2")),
        "scales[0].levels",
        "duplicate level slug 'p2'",
    ),
    (
        "min above max",
        PM,
        data_edit(lambda d: first_band(d).update(minimum=900_000, median=None)),
        "positions[0].bands[0].maximum",
        "below minimum",
    ),
    (
        "median below min",
        PM,
        data_edit(lambda d: first_band(d).update(median=1)),
        "positions[0].bands[0].median",
        "below minimum",
    ),
    (
        "bad currency",
        PM,
        data_edit(lambda d: first_band(d).update(currency="USX")),
        "positions[0].bands[0].currency",
        "ISO 4217",
    ),
    (
        "invalid YAML",
        PM,
        text("slug: product-manager\nname: [unclosed\n"),
        "line 3, column 1",
        "is not valid YAML/JSON",
    ),
    ("empty file", "scales.yaml", text(""), "", "the file is empty"),
    (
        "unknown field",
        PM,
        data_edit(lambda d: d["positions"][0].update(salary=5)),
        "positions[0].salary",
        "unknown field",
    ),
    (
        "duplicate YAML key",
        "framework.yaml",
        text("framework: {}\nframework: {}\n"),
        "line 2, column 1",
        "duplicate key 'framework'",
    ),
    (
        "unknown dimension",
        PM,
        data_edit(lambda d: d["positions"][0]["dimensions"].update(charisma={"statements": ["x"]})),
        "positions[0].dimensions.charisma",
        "unknown dimension 'charisma'",
    ),
    (
        "unknown aspect",
        PM,
        data_edit(
            lambda d: d["positions"][0]["dimensions"]["responsibilities"]["aspects"].update(
                {"golf-handicap": "x"}
            )
        ),
        "positions[0].dimensions.responsibilities.aspects.golf-handicap",
        "unknown aspect",
    ),
    (
        "bad confidence",
        PM,
        data_edit(lambda d: d["positions"][0].update(confidence="certain")),
        "positions[0].confidence",
        "'high', 'medium' or 'low'",
    ),
    (
        "negative money",
        PM,
        data_edit(lambda d: first_band(d).update(minimum=-5)),
        "positions[0].bands[0].minimum",
        "greater than 0",
    ),
    (
        "duplicate position",
        PM,
        data_edit(lambda d: d["positions"].append(dict(d["positions"][0]))),
        "positions",
        "duplicate position level 'p2'",
    ),
    (
        "duplicate band",
        PM,
        data_edit(lambda d: d["positions"][0]["bands"].append(dict(first_band(d)))),
        "positions[0].bands",
        "duplicate band",
    ),
    (
        "unknown region",
        PM,
        data_edit(lambda d: first_band(d).update(region="mars")),
        "positions[0].bands[0].region",
        "unknown region 'mars'",
    ),
    (
        "weight out of range",
        PM,
        data_edit(lambda d: d["competencies"][0].update(weight=150)),
        "competencies[0].weight",
        "less than or equal to 100",
    ),
    (
        "title level without mapping",
        "scales.yaml",
        data_edit(lambda d: title_level(d).pop("maps_to")),
        "scales[1]",
        "must state maps_to",
    ),
    (
        "mapping to unknown level",
        "scales.yaml",
        data_edit(lambda d: title_level(d)["maps_to"].update({"from": "p1"})),
        "scales[1].levels[0].maps_to.from",
        "not a level of a professional scale",
    ),
    (
        "mapping range reversed",
        "scales.yaml",
        data_edit(lambda d: title_level(d)["maps_to"].update({"from": "p5", "to": "p3"})),
        "scales[1].levels[0].maps_to",
        "'from' must be at or below 'to'",
    ),
    (
        "pay relation to unknown role",
        "roles/technical-product-manager.yaml",
        data_edit(lambda d: d["pay_relations"][0].update(relative_to="astronaut")),
        "pay_relations[0].relative_to",
        "unknown role 'astronaut'",
    ),
    (
        "slug not matching file",
        PM,
        data_edit(lambda d: d.update(slug="project-manager")),
        "slug",
        "does not match the file name",
    ),
    ("top level is a list", PM, text("- slug: product-manager\n"), "", "expected a mapping"),
    (
        "seed source without file",
        "framework.yaml",
        data_edit(lambda d: d["sources"][0].pop("file_name")),
        "sources[0]",
        "must name its file_name",
    ),
    (
        "bad version",
        "framework.yaml",
        data_edit(lambda d: d["framework"].update(version="one")),
        "framework.version",
        "should match pattern",
    ),
    ("not UTF-8", PM, text(b"slug: \xff\xfe\n"), "line 1", "is not UTF-8 text (byte 0xff"),
    # Files are read in name order, so the later file is the one named as the duplicate.
    (
        "duplicate role order",
        "roles/technical-program-manager.yaml",
        data_edit(lambda d: d.update(order=1)),
        "order",
        "duplicate role order 1",
    ),
    (
        "open top without maximum",
        PM,
        data_edit(lambda d: first_band(d).update(maximum=None, maximum_is_open=True)),
        "positions[0].bands[0]",
        "needs the maximum",
    ),
    (
        "year out of range",
        PM,
        data_edit(lambda d: first_band(d).update(year=1800)),
        "positions[0].bands[0].year",
        "greater than or equal to 1990",
    ),
    (
        "bad slug",
        "framework.yaml",
        data_edit(lambda d: d["dimensions"][0].update(slug="Bad Slug")),
        "dimensions[0].slug",
        "should match pattern",
    ),
]


@pytest.mark.parametrize(
    ("file", "fault", "path", "message"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
def test_fault_is_named_and_nothing_is_written(fixtures_copy, file, fault, path, message):
    fault(fixtures_copy / file)
    before = database_fingerprint()
    with pytest.raises(FixtureInvalid) as raised:
        load_ladder(paths=[fixtures_copy])
    matching = [e for e in raised.value.errors if e.file == file and e.path == path]
    assert matching, f"no error at {file}: {path}; got:\n" + "\n".join(
        map(str, raised.value.errors)
    )
    assert any(message in e.message for e in matching), "\n".join(map(str, matching))
    assert database_fingerprint() == before


def test_faults_are_at_least_twenty_and_distinct():
    assert len({name for name, *_ in FAULTS}) == len(FAULTS) >= 20


def test_every_error_is_reported_at_once(fixtures_copy):
    # Shape errors are reported for every file; reference errors for every file whose shape is
    # valid (a reference cannot be judged inside a file that did not parse).
    data_edit(lambda d: d["positions"][0].update(level="p9"))(fixtures_copy / PM)
    data_edit(lambda d: first_band(d).update(currency="USX"))(
        fixtures_copy / "roles/technical-product-manager.yaml"
    )
    data_edit(lambda d: d["competencies"][0].update(weight=150))(
        fixtures_copy / "roles/technical-program-manager.yaml"
    )
    data_edit(lambda d: d["positions"][1].update(level="p0"))(fixtures_copy / PM)
    with pytest.raises(FixtureInvalid) as raised:
        load_ladder(paths=[fixtures_copy])
    paths = {(e.file, e.path) for e in raised.value.errors}
    assert paths == {
        (PM, "positions[0].level"),
        (PM, "positions[1].level"),
        ("roles/technical-product-manager.yaml", "positions[0].bands[0].currency"),
        ("roles/technical-program-manager.yaml", "competencies[0].weight"),
    }


def test_error_reads_as_file_path_message():
    error = FixtureError(
        "roles/tpm.yaml", "positions[3].bands[0].median", "median (1) is below minimum (5)"
    )
    assert (
        str(error)
        == "roles/tpm.yaml: positions[3].bands[0].median: median (1) is below minimum (5)"
    )


def test_missing_files_are_named(tmp_path):
    with pytest.raises(FixtureInvalid) as raised:
        load_ladder(paths=[tmp_path / "nowhere"])
    assert "no such file or folder" in str(raised.value.errors[0])

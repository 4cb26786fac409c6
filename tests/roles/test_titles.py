"""Title resolution on real-world spellings: the top candidate(s) and whether it is ambiguous."""

from typing import Any

import pytest

from roles.titles import TitleIndex, build_title_index, resolve_title, words

TPM = "technical-product-manager"
PM = "product-manager"
TPGM = "technical-program-manager"

# (title as people write it, the top-scoring position key(s), ambiguous?)
SPELLINGS: list[tuple[str, set[str], bool]] = [
    # Technical Product Manager: names, aliases, abbreviations and short forms
    ("Technical Product Manager", {f"{TPM}.p3"}, False),
    ("technical product manager", {f"{TPM}.p3"}, False),
    ("TECHNICAL PRODUCT MANAGER", {f"{TPM}.p3"}, False),
    ("Sr. Technical Product Manager", {f"{TPM}.p4"}, False),
    ("Senior Technical Product Manager", {f"{TPM}.p4"}, False),
    ("Sr Tech Product Mgr", {f"{TPM}.p4"}, False),
    ("Staff Technical Product Manager", {f"{TPM}.p5"}, False),
    ("Principal Technical Product Manager", {f"{TPM}.p6"}, False),
    ("Associate Technical Product Manager", {f"{TPM}.p2"}, False),
    ("Jr. Technical Product Mgr", {f"{TPM}.p2"}, False),
    ("Technical Product Manager I", {f"{TPM}.tpm-i"}, False),
    ("Technical Product Manager II", {f"{TPM}.tpm-ii"}, False),
    ("Technical Product Manager 2", {f"{TPM}.tpm-ii"}, False),
    ("Technical Product Manager III", {f"{TPM}.p4"}, False),
    ("TPM II", {f"{TPM}.tpm-ii"}, False),
    ("TPM I", {f"{TPM}.tpm-i"}, False),
    ("tpm 2", {f"{TPM}.tpm-ii"}, False),
    ("TPM2", {f"{TPM}.tpm-ii"}, False),
    ("Technical PM", {f"{TPM}.p3"}, False),
    ("Tech PM", {f"{TPM}.p3"}, False),
    ("Product Manager - Technical", {f"{TPM}.p3"}, False),
    ("Product Manager, Technical", {f"{TPM}.p3"}, False),
    ("Manager, Technical Product", {f"{TPM}.p3"}, False),
    ("Platform Product Manager", {f"{TPM}.p3"}, False),
    ("Senior Platform PM", {f"{TPM}.p4"}, False),
    ("API Product Manager", {f"{TPM}.p3"}, False),
    ("Technical Product Manager (TPM)", {f"{TPM}.p3"}, False),
    ("Sr. Technical Product Manager, Payments", {f"{TPM}.p4"}, False),
    ("Technical Product Manger", {f"{TPM}.p3"}, False),  # a typo
    # The two meanings of "TPM": listed, never guessed
    ("TPM", {f"{TPM}.p3", f"{TPGM}.p3"}, True),
    ("Sr. TPM", {f"{TPM}.p4", f"{TPGM}.p4"}, True),
    ("Principal TPM", {f"{TPM}.p6", f"{TPGM}.p6"}, True),
    ("TPM, Payments", {f"{TPM}.p3", f"{TPGM}.p3"}, True),
    # Product Manager
    ("Product Manager", {f"{PM}.p3"}, False),
    ("PM", {f"{PM}.p3"}, False),
    ("Senior Product Manager", {f"{PM}.p4"}, False),
    ("Sr. PM", {f"{PM}.p4"}, False),
    ("Associate Product Manager", {f"{PM}.p2"}, False),
    ("Junior Product Manager", {f"{PM}.p2"}, False),
    ("Product Manager II", {f"{PM}.p3"}, False),
    ("Product Manager 1", {f"{PM}.p2"}, False),
    ("Group Product Manager", {f"{PM}.p5"}, False),
    ("Lead Product Manager", {f"{PM}.p5"}, False),
    ("Principal Product Manager", {f"{PM}.p6"}, False),
    ("Product Manager P4", {f"{PM}.p4"}, False),
    ("Digital Product Manager", {f"{PM}.p3"}, False),
    # Technical Program Manager
    ("Technical Program Manager", {f"{TPGM}.p3"}, False),
    ("Technical Program Manager 2", {f"{TPGM}.p3"}, False),
    ("Technical Program Manager II", {f"{TPGM}.p3"}, False),
    ("Senior Technical Program Manager", {f"{TPGM}.p4"}, False),
    ("Staff Technical Program Manager", {f"{TPGM}.p5"}, False),
    ("Sr. Tech Program Mgr", {f"{TPGM}.p4"}, False),
    ("Technical Programme Manager", {f"{TPGM}.p3"}, False),
    ("TPgM", {f"{TPGM}.p3"}, False),
    ("Senior TPgM", {f"{TPGM}.p4"}, False),
    ("Engineering Program Manager", {f"{TPGM}.p3"}, False),
    ("Technical Program Lead", {f"{TPGM}.p5"}, False),
    # Not on the ladder
    ("Software Engineer", set(), False),
    ("Head of Product", set(), False),
    ("Program Manager", set(), False),
]


@pytest.fixture(scope="module")
def index(django_db_blocker: Any) -> TitleIndex:
    with django_db_blocker.unblock():
        return build_title_index()


def test_the_table_is_large_enough() -> None:
    assert len(SPELLINGS) >= 30


@pytest.mark.parametrize(("title", "expected", "ambiguous"), SPELLINGS)
def test_real_world_spellings(
    index: TitleIndex, title: str, expected: set[str], ambiguous: bool
) -> None:
    resolution = resolve_title(title, index=index)
    top = (
        {c.position_key for c in resolution.candidates if c.score == resolution.candidates[0].score}
        if resolution.candidates
        else set()
    )
    assert top == expected, [
        (c.position_key, c.score, c.reasons) for c in resolution.candidates[:4]
    ]
    assert resolution.ambiguous is ambiguous, resolution.explanation
    for candidate in resolution.candidates:
        assert 0 < candidate.score <= 1
        assert candidate.reasons


def test_candidates_are_sorted_and_explained(index: TitleIndex) -> None:
    resolution = resolve_title("Sr. TPM", index=index)
    scores = [c.score for c in resolution.candidates]
    assert scores == sorted(scores, reverse=True)
    assert "Technical Product Manager and Technical Program Manager" in resolution.explanation
    top = resolution.candidates[0]
    assert top.reasons == ("abbreviation 'TPM'", "level word 'Senior' → P4")


def test_a_title_level_code_names_its_role_and_says_why(index: TitleIndex) -> None:
    resolution = resolve_title("TPM II", index=index)
    top = resolution.candidates[0]
    assert top.position_key == "technical-product-manager.tpm-ii"
    assert top.reasons[0] == "level code 'TPM II' of the Technical Product Manager title scale"
    assert "Technical Program Manager" in resolution.explanation
    # The other meaning is still offered, lower.
    assert "technical-program-manager.p3" in [c.position_key for c in resolution.candidates]


def test_mapping_suggests_related_positions(index: TitleIndex) -> None:
    keys = [
        c.position_key for c in resolve_title("Technical Product Manager I", index=index).candidates
    ]
    assert keys[0] == "technical-product-manager.tpm-i"
    assert set(keys[1:]) == {"technical-product-manager.p2", "technical-product-manager.p3"}


def test_level_reasons(index: TitleIndex) -> None:
    def reasons(title: str) -> tuple[str, ...]:
        return resolve_title(title, index=index).candidates[0].reasons

    assert reasons("Product Manager")[1] == "no level in the title: read as P3, the career level"
    assert reasons("Product Manager III")[1] == "numeral III → P4"
    assert reasons("Technical Product Manager II")[1] == "numeral II → TPM II"
    assert reasons("Senior Staff Product Manager")[1] == "level word 'Staff' → P5"
    assert reasons("Product Manager P6")[1] == "level code 'P6'"


def test_blank_titles(index: TitleIndex) -> None:
    for title in ["", "   ", "—", "!!!"]:
        resolution = resolve_title(title, index=index)
        assert resolution.candidates == []
        assert resolution.ambiguous is False


def test_a_level_code_alone_names_no_role(index: TitleIndex) -> None:
    resolution = resolve_title("P3", index=index)
    assert {c.role_slug for c in resolution.candidates} == {TPM, PM, TPGM}
    assert resolution.ambiguous is True


def test_words() -> None:
    assert words("Sr. Tech PM II") == ["senior", "technical", "pm", "2"]
    assert words("Mgr, Technical Programme (TPgM)") == ["manager", "technical", "program", "tpgm"]
    assert words("TPM2") == ["tpm", "2"]


@pytest.mark.django_db
def test_resolution_reads_the_content_in_four_queries(django_assert_num_queries) -> None:
    with django_assert_num_queries(4):
        resolve_title("Senior Technical Product Manager")

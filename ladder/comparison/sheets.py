"""A position as every comparison shows it: its column and its cells by row key.

Comparing positions is reading the same rows across their sheets, so a sheet is built once per
position (ladder.comparison.build) and a comparison only lines sheets up (ladder.comparison.
assemble). The loader stores every sheet, and the frame of rows they share, as JSON beside the
API's documents (ladder.comparison.store); that is also why everything here round-trips
through plain JSON: no pickles in the database.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from ladder.comparison.results import NOT_DEFINED, BandFigures, Bullet, Cell, Citation, Column

# The cell of a row the position does not define.
UNDEFINED = Cell(defined=False, display=NOT_DEFINED)
# Where a sheet keeps the markup of its undefined cell (row keys always contain a dot).
UNDEFINED_HTML = ""


@dataclass(frozen=True, kw_only=True)
class FrameDimension:
    """A dimension's rows, in order: one per aspect (row key, label, description)."""

    key: str
    name: str
    description: str
    aspects: tuple[tuple[str, str, str], ...]

    @property
    def bullets_key(self) -> str:
        return f"{self.key}.statements"


@dataclass(frozen=True, kw_only=True)
class Sheet:
    """One position's column and the cells it defines, by row key.

    `signatures` say when two cells are the same (whitespace and case aside); `band_order` places
    each band row among the others; `html` is each cell's markup on the comparison page (and that
    of its undefined cell under UNDEFINED_HTML), or None until the page renders it."""

    column: Column
    cells: dict[str, Cell]
    signatures: dict[str, str]
    band_order: dict[str, tuple[int, str, int, int]] = field(default_factory=dict)
    html: dict[str, str] | None = None

    def cell(self, row_key: str) -> Cell:
        return self.cells.get(row_key, UNDEFINED)


def sheet_to_json(sheet: Sheet) -> dict[str, Any]:
    return asdict(sheet)


def sheet_from_json(data: dict[str, Any]) -> Sheet:
    return Sheet(
        column=Column(**data["column"]),
        cells={key: _cell(value) for key, value in data["cells"].items()},
        signatures=data["signatures"],
        band_order={key: tuple(value) for key, value in data["band_order"].items()},  # type: ignore[misc]
        html=data["html"],
    )


def frame_to_json(frame: tuple[FrameDimension, ...]) -> list[dict[str, Any]]:
    return [asdict(dimension) for dimension in frame]


def frame_from_json(data: list[dict[str, Any]]) -> tuple[FrameDimension, ...]:
    return tuple(
        FrameDimension(
            key=item["key"],
            name=item["name"],
            description=item["description"],
            aspects=tuple((key, label, text) for key, label, text in item["aspects"]),
        )
        for item in data
    )


def _cell(data: dict[str, Any]) -> Cell:
    band = data["band"]
    return Cell(
        defined=data["defined"],
        display=data["display"],
        text=data["text"],
        bullets=tuple(
            Bullet(label=b["label"], text=b["text"], citation=Citation(**b["citation"]))
            for b in data["bullets"]
        ),
        band=None if band is None else BandFigures(**band),
        citations=tuple(Citation(**c) for c in data["citations"]),
        derived_from=data["derived_from"],
    )

"""Reading a comparison's selection: `?positions=a,b` or `?positions=a&positions=b`.

A selection is a list of position keys ("technical-product-manager.p3",
"technical-product-manager.tpm-ii": title levels are keyed like P-levels). Blanks are dropped,
keys are lower-cased, and the same key may appear more than once (a position compared with
itself is the same in every row). Malformed keys and more than four keys are errors; unknown
keys are found when the positions are read (`compare_positions`). Fewer than two keys is not an
error: the comparison comes back incomplete, with a message.
"""

import re
from collections.abc import Sequence
from typing import Any, Literal

from roles.models import Position

MIN_POSITIONS = 2
MAX_POSITIONS = 4
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*\.[a-z0-9]+(?:[-_][a-z0-9]+)*$")
KEY_MAX_LENGTH = 200  # Position.key
KEY_EXAMPLE = "technical-product-manager.p3"
# How much of a rejected value an error message repeats.
ECHO_LIMIT = 80

SelectionErrorCode = Literal["malformed", "unknown", "too-many"]


class SelectionError(Exception):
    """A selection that cannot be compared. `valid` lists every position key, in ladder order,
    so a page or an API error can say what would have worked."""

    def __init__(
        self,
        *,
        code: SelectionErrorCode,
        message: str,
        invalid: tuple[str, ...] = (),
        valid: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.code: SelectionErrorCode = code
        self.message = message
        self.invalid = invalid
        self.valid = valid

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "invalid": list(self.invalid),
            "valid": list(self.valid),
        }


def valid_keys() -> tuple[str, ...]:
    return tuple(Position.objects.ladder_order().values_list("key", flat=True))


def _echo(value: str) -> str:
    return value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…"


def parse_selection(raw: str | Sequence[str] | None) -> list[str]:
    """The keys of a selection, in order. Accepts "a,b", ["a", "b"] and ["a,b", "c"].

    Raises SelectionError for a malformed key or more than MAX_POSITIONS keys. Touches the
    database only to list the valid keys in an error."""
    if raw is None:
        parts: list[object] = []
    elif isinstance(raw, str):
        parts = [raw]
    else:
        parts = list(raw)
    keys: list[str] = []
    malformed: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            malformed.append(_echo(repr(part)))
            continue
        for piece in part.split(","):
            key = piece.strip().lower()
            if not key:
                continue
            if len(key) <= KEY_MAX_LENGTH and KEY_PATTERN.fullmatch(key):
                keys.append(key)
            else:
                malformed.append(_echo(piece.strip()))
    if malformed:
        valid = valid_keys()
        raise SelectionError(
            code="malformed",
            message=(
                f"Not a position id: {', '.join(malformed)}. A position id is a role and a level "
                f"joined by a dot, e.g. {KEY_EXAMPLE}. Valid ids: {', '.join(valid)}."
            ),
            invalid=tuple(malformed),
            valid=valid,
        )
    if len(keys) > MAX_POSITIONS:
        raise SelectionError(
            code="too-many",
            message=(
                f"Compare at most {MAX_POSITIONS} positions at a time; {len(keys)} were chosen."
            ),
            invalid=tuple(keys[MAX_POSITIONS:]),
            valid=valid_keys(),
        )
    return keys


def unknown_keys_error(unknown: Sequence[str]) -> SelectionError:
    valid = valid_keys()
    names = ", ".join(_echo(key) for key in unknown)
    return SelectionError(
        code="unknown",
        message=f"No such position: {names}. Valid ids: {', '.join(valid)}.",
        invalid=tuple(unknown),
        valid=valid,
    )

"""Title resolution: which positions a free-text job title most likely means.

"Sr. Technical Product Manager", "TPM II" or "Technical Program Manager 2" are read in two parts,
the role and the level, and every reading that fits becomes a candidate position with a score
(0–1) and the reasons for it.

The role comes from the content, not from code: role names, title aliases ("Platform Product
Manager") and abbreviations ("TPM", "PM") are matched after normalising case, punctuation and
common short forms ("Sr." → senior, "Mgr" → manager, "Tech" → technical). An abbreviation that
belongs to several roles ("TPM": Technical Product Manager and Technical Program Manager) yields a
candidate for each and the resolution is flagged `ambiguous`: it is never guessed.

The level, in order of precedence:
1. a level code of the content, in any case and numeral style ("P4", "TPM II", "tpm 2");
2. a numeral (I–V or 1–5): on a role that has a title scale, the n-th level of that scale
   ("Technical Product Manager II" → TPM II); otherwise, or beyond that scale, the n-th level
   of the professional scale (I → P2, II → P3, III → P4, IV → P5, V → P6);
3. a level word, from the table `LEVEL_WORDS` (Associate/Junior/Entry → P2, Senior → P4,
   Staff/Lead/Group → P5, Principal → P6; with several, the most senior wins);
4. nothing: an unmarked title ("Product Manager") is read as P3, the career level — the fully
   qualified professional most ladders mean by the bare title — with a lower score.

A candidate on a title level also suggests the P-levels it maps onto, and one on a P-level the
title levels whose mapping covers it, with a lower score.
"""

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from levels.models import Level, ScaleKind
from roles.models import AliasKind, Position, Role, RoleAlias

MAX_TITLE_LENGTH = 200

# Short forms people write in titles, spelled out before matching.
SHORT_FORMS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "tech": "technical",
    "techn": "technical",
    "prod": "product",
    "prog": "program",
    "programme": "program",
    "assoc": "associate",
    "princ": "principal",
    "eng": "engineering",
    "engg": "engineering",
}
NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
NUMERAL_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
# Words that carry no meaning for matching ("Head of Product", "Product Manager, Level 2").
FILLER = {"of", "the", "and", "for", "a", "an", "level", "lvl", "grade"}

# The level words: a small table of code by design (the content has no "Senior" anywhere).
LEVEL_WORDS = {
    "associate": "p2",
    "junior": "p2",
    "entry": "p2",
    "senior": "p4",
    "lead": "p5",
    "staff": "p5",
    "group": "p5",
    "principal": "p6",
}
UNMARKED_LEVEL = "p3"

# Scores: how much each kind of evidence is worth (a candidate's score is role × level).
ROLE_EXACT = 1.0
ROLE_EXPANDED = 0.95  # exact after spelling out an abbreviation ("Platform PM")
ROLE_LEVEL_CODE = 0.95  # a title-scale level code names the role ("TPM II")
ROLE_ABBREVIATION = 0.9
ROLE_SAME_WORDS = 0.9  # same words, other order ("Manager, Technical Product")
ROLE_CONTAINED = 0.8  # the title contains the name ("… Manager, Payments")
ROLE_FUZZY = 0.8  # multiplied by the similarity (a typo)
ROLE_LEVEL_ONLY = 0.5  # a P-level code alone ("P3") names no role
FUZZY_CUTOFF = 0.9
LEVEL_CODE = 1.0
LEVEL_TITLE_NUMERAL = 1.0
LEVEL_P_NUMERAL = 0.9
LEVEL_WORD = 0.9
LEVEL_UNMARKED = 0.75
RELATED_BY_MAPPING = 0.7


@dataclass(frozen=True)
class TitleCandidate:
    position_key: str
    role_slug: str
    role_name: str
    level_slug: str
    level_code: str
    level_name: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class TitleResolution:
    title: str
    normalised: str
    candidates: list[TitleCandidate]
    ambiguous: bool
    explanation: str


# --- the content, indexed -------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    id: int
    slug: str
    code: str
    name: str
    is_title: bool
    maps_to: tuple[int, int] | None


@dataclass
class TitleIndex:
    """Everything resolution needs, read in four queries."""

    roles: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (slug, name)
    # normalised words → [(role id, kind, text as written)]
    names: dict[tuple[str, ...], list[tuple[int, str, str]]] = field(default_factory=dict)
    abbreviations: dict[str, list[int]] = field(default_factory=dict)  # "tpm" → role ids
    abbreviation_text: dict[str, str] = field(default_factory=dict)  # "tpm" → "TPM"
    levels: dict[int, _Level] = field(default_factory=dict)
    level_by_slug: dict[str, int] = field(default_factory=dict)
    level_codes: dict[tuple[str, ...], int] = field(default_factory=dict)
    professional: list[int] = field(default_factory=list)  # in order: P2, P3…
    title_levels: dict[int, list[int]] = field(default_factory=dict)  # role → its title scale
    positions: dict[tuple[int, int], str] = field(default_factory=dict)  # (role, level) → key


def build_title_index() -> TitleIndex:
    index = TitleIndex()
    for role in Role.objects.order_by("order").values("id", "slug", "name"):
        index.roles[role["id"]] = (role["slug"], role["name"])
        index.names.setdefault(_core(words(role["name"])), []).append(
            (role["id"], "role name", role["name"])
        )
    for alias in RoleAlias.objects.order_by("role__order", "order").values(
        "role_id", "text", "kind"
    ):
        if alias["kind"] == AliasKind.ABBREVIATION:
            token = "".join(words(alias["text"]))
            index.abbreviations.setdefault(token, []).append(alias["role_id"])
            index.abbreviation_text[token] = alias["text"]
        else:
            index.names.setdefault(_core(words(alias["text"])), []).append(
                (alias["role_id"], "alias", alias["text"])
            )
    for level in Level.objects.order_by("scale__order", "order").values(
        "id", "slug", "code", "name", "scale__kind", "maps_to_min_id", "maps_to_max_id"
    ):
        maps_to = None
        if level["maps_to_min_id"] is not None:
            maps_to = (level["maps_to_min_id"], level["maps_to_max_id"])
        is_title = level["scale__kind"] == ScaleKind.TITLE
        index.levels[level["id"]] = _Level(
            level["id"], level["slug"], level["code"], level["name"], is_title, maps_to
        )
        index.level_by_slug[level["slug"]] = level["id"]
        index.level_codes[tuple(words(level["code"]))] = level["id"]
        if level["scale__kind"] == ScaleKind.PROFESSIONAL:
            index.professional.append(level["id"])
    for position in Position.objects.ladder_order().values("role_id", "level_id", "key"):
        index.positions[position["role_id"], position["level_id"]] = position["key"]
        if index.levels[position["level_id"]].is_title:
            index.title_levels.setdefault(position["role_id"], []).append(position["level_id"])
    return index


# --- normalising ----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words with short forms spelled out and numerals in one style ("2"):
    "Sr. Tech PM II" → ["senior", "technical", "pm", "2"]."""
    tokens = re.findall(r"[^\W\d_]+|\d+", text.casefold())
    spelled = [SHORT_FORMS.get(token, token) for token in tokens]
    return [str(NUMERALS[token]) if token in NUMERALS else token for token in spelled]


def _core(tokens: Iterable[str]) -> tuple[str, ...]:
    """The words that name the role: without level words, numerals and filler."""
    return tuple(t for t in tokens if t not in LEVEL_WORDS and t not in FILLER and not t.isdigit())


# --- resolving ------------------------------------------------------------------------------


@dataclass
class _Reading:
    """One way of reading the role part: a role and how sure, and why."""

    role_id: int
    score: float
    reason: str
    shared_abbreviation: str = ""


def resolve_title(title: str, *, index: TitleIndex | None = None) -> TitleResolution:
    title = " ".join(title.split())[:MAX_TITLE_LENGTH]
    tokens = words(title)
    normalised = " ".join(tokens)
    if not tokens:
        return TitleResolution(title, normalised, [], False, "The title has no words to match.")
    index = index or build_title_index()

    code_level, code_tokens = _level_code(tokens, index)
    rest = [t for i, t in enumerate(tokens) if i not in code_tokens]
    readings = _role_readings(_core(rest), index)
    if code_level is not None and not readings:
        # The code is all there is: it may name its role ("TPM II"), and its words may also
        # read as ordinary words ("TPM" the abbreviation, "II" a numeral).
        readings = _readings_from_level_code(code_level, index)
        readings += [r for r in _role_readings(_core(tokens), index) if r not in readings]

    scored: dict[str, tuple[float, list[str], int, int]] = {}
    for reading in readings:
        for level_id, level_score, level_reason, related in _levels_for(
            reading.role_id, tokens, code_level, index
        ):
            key = index.positions[reading.role_id, level_id]
            score = round(reading.score * level_score * (RELATED_BY_MAPPING if related else 1), 2)
            reasons = [reading.reason, level_reason]
            if key not in scored or score > scored[key][0]:
                scored[key] = (score, reasons, reading.role_id, level_id)

    candidates = [
        TitleCandidate(
            position_key=key,
            role_slug=index.roles[role_id][0],
            role_name=index.roles[role_id][1],
            level_slug=index.levels[level_id].slug,
            level_code=index.levels[level_id].code,
            level_name=index.levels[level_id].name,
            score=score,
            reasons=tuple(reasons),
        )
        for key, (score, reasons, role_id, level_id) in scored.items()
    ]
    order = {key: i for i, key in enumerate(index.positions.values())}
    candidates.sort(key=lambda c: (-c.score, order[c.position_key]))
    ambiguous, explanation = _explain(candidates, readings, index)
    return TitleResolution(title, normalised, candidates, ambiguous, explanation)


def _level_code(tokens: list[str], index: TitleIndex) -> tuple[int | None, set[int]]:
    """The longest level code written in the title, and the positions of its words."""
    for length in range(len(tokens), 0, -1):
        for start in range(len(tokens) - length + 1):
            level_id = index.level_codes.get(tuple(tokens[start : start + length]))
            if level_id is not None:
                return level_id, set(range(start, start + length))
    return None, set()


def _role_readings(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    if not core:
        return []
    for match in (_exact, _with_own_abbreviation, _expanded, _same_words, _contained, _fuzzy):
        readings = match(core, index)
        if readings:
            return _best_per_role(readings)
    return []


def _best_per_role(readings: list[_Reading]) -> list[_Reading]:
    best: dict[int, _Reading] = {}
    for reading in readings:
        if reading.role_id not in best or reading.score > best[reading.role_id].score:
            best[reading.role_id] = reading
    return list(best.values())


def _named(role_id: int, kind: str, text: str, score: float, how: str = "") -> _Reading:
    return _Reading(role_id, score, f"{how}{kind} '{text}'")


def _exact(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    readings = [_named(r, kind, text, ROLE_EXACT) for r, kind, text in index.names.get(core, [])]
    if len(core) == 1 and core[0] in index.abbreviations:
        roles = index.abbreviations[core[0]]
        text = index.abbreviation_text[core[0]]
        shared = text if len(roles) > 1 else ""
        readings += [
            _Reading(r, ROLE_ABBREVIATION, f"abbreviation '{text}'", shared) for r in roles
        ]
    return readings


def _with_own_abbreviation(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    """A name followed by the role's own abbreviation: "Technical Product Manager (TPM)"."""
    abbreviations = [t for t in core if t in index.abbreviations]
    rest = tuple(t for t in core if t not in index.abbreviations)
    if not abbreviations or not rest:
        return []
    owners = {r for t in abbreviations for r in index.abbreviations[t]}
    written = ", ".join(index.abbreviation_text[t] for t in abbreviations)
    return [
        _Reading(r, ROLE_EXACT, f"{kind} '{text}' with its abbreviation '{written}'")
        for r, kind, text in index.names.get(rest, [])
        if r in owners
    ]


def _expanded(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    """Spell out abbreviations that belong to one role inside a longer title ("Platform PM")."""
    if len(core) < 2:
        return []
    spelled: list[str] = []
    used = []
    for token in core:
        roles = index.abbreviations.get(token, [])
        if len(roles) == 1:
            spelled += _core(words(index.roles[roles[0]][1]))
            used.append(index.abbreviation_text[token])
        else:
            spelled.append(token)
    if not used:
        return []
    how = f"'{used[0]}' spelled out: "
    return [
        _named(r, kind, text, ROLE_EXPANDED, how)
        for r, kind, text in index.names.get(tuple(spelled), [])
    ]


def _same_words(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    wanted = sorted(core)
    return [
        _named(r, kind, text, ROLE_SAME_WORDS, "same words as ")
        for name, entries in index.names.items()
        if sorted(name) == wanted
        for r, kind, text in entries
    ]


def _contained(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    """The longest role name or alias the title contains ("… Manager, Payments")."""
    found: list[tuple[int, _Reading]] = []
    for name, entries in index.names.items():
        if name and _contains(core, name):
            found += [
                (len(name), _named(r, kind, text, ROLE_CONTAINED, "contains "))
                for r, kind, text in entries
            ]
    for token in core:
        roles = index.abbreviations.get(token, [])
        text = index.abbreviation_text.get(token, "")
        shared = text if len(roles) > 1 else ""
        found += [
            (1, _Reading(r, ROLE_CONTAINED, f"contains abbreviation '{text}'", shared))
            for r in roles
        ]
    if not found:
        return []
    longest = max(length for length, _ in found)
    return [reading for length, reading in found if length == longest]


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _fuzzy(core: tuple[str, ...], index: TitleIndex) -> list[_Reading]:
    text = " ".join(core)
    readings = []
    for name, entries in index.names.items():
        similarity = difflib.SequenceMatcher(None, text, " ".join(name)).ratio()
        if similarity >= FUZZY_CUTOFF:
            readings += [
                _named(r, kind, written, round(ROLE_FUZZY * similarity, 2), "close to ")
                for r, kind, written in entries
            ]
    return readings


def _readings_from_level_code(level_id: int, index: TitleIndex) -> list[_Reading]:
    """A level code alone: a title-scale code names its role; a P-level names none."""
    level = index.levels[level_id]
    roles = [role_id for (role_id, lid) in index.positions if lid == level_id]
    if level.is_title and len(roles) == 1:
        scale_of = f"level code '{level.code}' of the {index.roles[roles[0]][1]} title scale"
        return [_Reading(roles[0], ROLE_LEVEL_CODE, scale_of)]
    return [
        _Reading(role_id, ROLE_LEVEL_ONLY, f"level code '{level.code}' names no role")
        for role_id in roles
    ]


def _levels_for(
    role_id: int, tokens: list[str], code_level: int | None, index: TitleIndex
) -> list[tuple[int, float, str, bool]]:
    """(level id, score, reason, related-by-mapping) for a role read from the title."""
    chosen = _chosen_level(role_id, tokens, code_level, index)
    if chosen is None:
        return []
    level_id, score, reason = chosen
    found = [(level_id, score, reason, False)]
    level = index.levels[level_id]
    if level.maps_to is not None:
        low, high = level.maps_to
        span = f"{index.levels[low].code}–{index.levels[high].code}"
        for p in _between(low, high, index):
            if (role_id, p) in index.positions:
                found.append((p, score, f"{reason}; {level.code} maps onto {span}", True))
    else:
        for title_level in index.title_levels.get(role_id, []):
            maps_to = index.levels[title_level].maps_to
            if maps_to and level_id in _between(*maps_to, index):
                mapped = index.levels[title_level]
                note = f"{reason}; {mapped.code} maps onto a range that includes {level.code}"
                found.append((title_level, score, note, True))
    return found


def _between(low: int, high: int, index: TitleIndex) -> list[int]:
    p = index.professional
    if low not in p or high not in p:
        return []
    return p[p.index(low) : p.index(high) + 1]


def _chosen_level(
    role_id: int, tokens: list[str], code_level: int | None, index: TitleIndex
) -> tuple[int, float, str] | None:
    if code_level is not None and (role_id, code_level) in index.positions:
        return code_level, LEVEL_CODE, f"level code '{index.levels[code_level].code}'"
    numerals = [int(t) for t in tokens if t.isdigit() and 1 <= int(t) <= 5]
    if numerals:
        n = numerals[-1]
        title_scale = index.title_levels.get(role_id, [])
        if n <= len(title_scale):
            level = index.levels[title_scale[n - 1]]
            return level.id, LEVEL_TITLE_NUMERAL, f"numeral {NUMERAL_NAMES[n]} → {level.code}"
        if n <= len(index.professional) and (role_id, index.professional[n - 1]) in index.positions:
            level = index.levels[index.professional[n - 1]]
            return level.id, LEVEL_P_NUMERAL, f"numeral {NUMERAL_NAMES[n]} → {level.code}"
    marked = [t for t in tokens if t in LEVEL_WORDS and LEVEL_WORDS[t] in index.level_by_slug]
    if marked:
        word = max(marked, key=lambda t: LEVEL_WORDS[t])  # p2 < p4 < p5 < p6
        level = index.levels[index.level_by_slug[LEVEL_WORDS[word]]]
        if (role_id, level.id) in index.positions:
            return level.id, LEVEL_WORD, f"level word '{word.capitalize()}' → {level.code}"
    unmarked = index.level_by_slug.get(UNMARKED_LEVEL)
    if unmarked is not None and (role_id, unmarked) in index.positions:
        code = index.levels[unmarked].code
        return unmarked, LEVEL_UNMARKED, f"no level in the title: read as {code}, the career level"
    return None


def _explain(
    candidates: list[TitleCandidate], readings: list[_Reading], index: TitleIndex
) -> tuple[bool, str]:
    if not candidates:
        return False, "No role name, alias or abbreviation of the ladder matches this title."
    top = candidates[0].score
    top_roles = list(dict.fromkeys(c.role_name for c in candidates if c.score == top))
    shared = sorted({r.shared_abbreviation for r in readings if r.shared_abbreviation})
    by_role: dict[str, list[str]] = defaultdict(list)
    for term in shared:
        for role_id in index.abbreviations["".join(words(term))]:
            by_role[term].append(index.roles[role_id][1])
    if len(top_roles) > 1:
        if shared:
            term = shared[0]
            names = " and ".join(by_role[term])
            return True, (
                f"'{term}' is the abbreviation of {names}; the title does not say which, "
                "so every reading is listed."
            )
        return True, f"The title fits {' and '.join(top_roles)} equally well."
    if shared:
        term = shared[0]
        others = [n for n in by_role[term] if n != top_roles[0]]
        return False, (
            f"'{term}' is also the abbreviation of {' and '.join(others)}, but the title reads "
            f"best as {top_roles[0]} ({candidates[0].reasons[0]})."
        )
    return False, f"Read as {candidates[0].role_name}, {candidates[0].level_code}."

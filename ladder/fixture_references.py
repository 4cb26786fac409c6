"""Checks that span files: every slug a file uses must be defined where it belongs.

References that could go round in a circle: a title level's mapping may only point at a level
of a professional scale, which maps to nothing, so mappings cannot; pay relations can
(product manager relative to technical product manager relative to product manager), and a
circle of premiums has no role they are measured from, so it is refused.
"""

import graphlib

from ladder.fixture_errors import FixtureError
from ladder.fixture_files import LadderFiles
from ladder.fixture_schema import Citation


def check_references(files: LadderFiles) -> list[FixtureError]:
    if files.framework is None or files.scales is None:
        return []  # already reported as missing or invalid; references cannot be judged
    framework_name, framework = files.framework
    scales_name, scales = files.scales
    errors: list[FixtureError] = []
    sources = {s.slug for s in framework.sources}
    regions = {r.code for r in framework.regions}
    aspects = {d.slug: {a.slug for a in d.aspects} for d in framework.dimensions}
    levels = {
        level.slug: (scale, index)
        for scale in scales.scales
        for index, level in enumerate(scale.levels)
    }
    codes: dict[str, str] = {}

    def cite(file: str, path: str, citation: Citation) -> None:
        if citation.source is not None and citation.source not in sources:
            errors.append(
                FixtureError(
                    file,
                    f"{path}.source" if path else "source",
                    f"unknown source {citation.source!r}; defined: {', '.join(sorted(sources))}",
                )
            )

    for i, scale in enumerate(scales.scales):
        for j, level in enumerate(scale.levels):
            path = f"scales[{i}].levels[{j}]"
            if level.slug in codes:
                errors.append(
                    FixtureError(
                        scales_name,
                        f"{path}.slug",
                        f"duplicate level slug {level.slug!r} (also in scale {codes[level.slug]!r})",
                    )
                )
            codes[level.slug] = scale.slug
            if level.definition:
                cite(scales_name, f"{path}.definition", level.definition)
            if level.maps_to:
                cite(scales_name, f"{path}.maps_to", level.maps_to)
                ends = []
                for end in ("from_level", "to_level"):
                    target = getattr(level.maps_to, end)
                    found = levels.get(target)
                    label = "from" if end == "from_level" else "to"
                    if found is None or found[0].kind != "professional":
                        errors.append(
                            FixtureError(
                                scales_name,
                                f"{path}.maps_to.{label}",
                                f"{target!r} is not a level of a professional scale",
                            )
                        )
                    else:
                        ends.append(found)
                if len(ends) == 2 and (ends[0][0] is not ends[1][0] or ends[0][1] > ends[1][1]):
                    errors.append(
                        FixtureError(
                            scales_name,
                            f"{path}.maps_to",
                            "'from' must be at or below 'to' on the same scale",
                        )
                    )

    role_slugs = {role.slug for _, role in files.roles}
    seen: dict[tuple[str, object], str] = {}
    for name, role in files.roles:
        stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if role.slug != stem:
            errors.append(
                FixtureError(name, "slug", f"{role.slug!r} does not match the file name ({stem!r})")
            )
        for key, value in (("slug", role.slug), ("name", role.name), ("order", role.order)):
            if (key, value) in seen:
                also = seen[key, value]
                errors.append(
                    FixtureError(name, key, f"duplicate role {key} {value!r} (also in {also})")
                )
            seen[key, value] = name
        cite(name, "", role)
        for i, item in enumerate(role.classifications):
            cite(name, f"classifications[{i}]", item)
        for i, skill in enumerate(role.skills):
            cite(name, f"skills[{i}]", skill)
        for i, competency in enumerate(role.competencies):
            cite(name, f"competencies[{i}]", competency)
        for topic, items in role.topics.items():
            for i, statement in enumerate(items):
                cite(name, f"topics.{topic}[{i}]", statement)
        for i, relation in enumerate(role.pay_relations):
            path = f"pay_relations[{i}]"
            cite(name, path, relation)
            if relation.relative_to == role.slug:
                errors.append(
                    FixtureError(name, f"{path}.relative_to", "a role cannot be relative to itself")
                )
            elif relation.relative_to not in role_slugs:
                errors.append(
                    FixtureError(
                        name,
                        f"{path}.relative_to",
                        f"unknown role {relation.relative_to!r}; defined: {', '.join(sorted(role_slugs))}",
                    )
                )
        for i, position in enumerate(role.positions):
            path = f"positions[{i}]"
            cite(name, path, position)
            if position.level not in levels:
                errors.append(
                    FixtureError(
                        name,
                        f"{path}.level",
                        f"unknown level {position.level!r}; defined: {', '.join(levels)}",
                    )
                )
            for dimension, content in position.dimensions.items():
                dim_path = f"{path}.dimensions.{dimension}"
                if dimension not in aspects:
                    errors.append(
                        FixtureError(
                            name,
                            dim_path,
                            f"unknown dimension {dimension!r}; defined: {', '.join(aspects)}",
                        )
                    )
                    continue
                for aspect, statement in content.aspects.items():
                    if aspect not in aspects[dimension]:
                        valid = ", ".join(sorted(aspects[dimension])) or "none (use statements)"
                        errors.append(
                            FixtureError(
                                name,
                                f"{dim_path}.aspects.{aspect}",
                                f"unknown aspect of {dimension!r}; defined: {valid}",
                            )
                        )
                    cite(name, f"{dim_path}.aspects.{aspect}", statement)
                for j, statement in enumerate(content.statements):
                    cite(name, f"{dim_path}.statements[{j}]", statement)
            for j, band in enumerate(position.bands):
                cite(name, f"{path}.bands[{j}]", band)
                if band.region not in regions:
                    errors.append(
                        FixtureError(
                            name,
                            f"{path}.bands[{j}].region",
                            f"unknown region {band.region!r}; defined: {', '.join(sorted(regions))}",
                        )
                    )
    del framework_name
    return errors + pay_relation_cycles(files)


def pay_relation_cycles(files: LadderFiles) -> list[FixtureError]:
    """Each circle of pay relations once, named at the relation of its alphabetically first role."""
    where: dict[tuple[str, str], tuple[str, int]] = {}
    edges: dict[str, set[str]] = {}
    for name, role in files.roles:
        for i, relation in enumerate(role.pay_relations):
            if relation.relative_to != role.slug:  # reported above
                where[role.slug, relation.relative_to] = (name, i)
                edges.setdefault(role.slug, set()).add(relation.relative_to)
    errors: list[FixtureError] = []
    while True:
        try:
            # The sorter takes each node's predecessors; a role follows what it is relative to.
            graphlib.TopologicalSorter(edges).prepare()
            return errors
        except graphlib.CycleError as cycle_error:
            found = list(reversed(cycle_error.args[1]))[:-1]  # a relative to b relative to …
        start = found.index(min(found))
        found = found[start:] + found[:start]
        name, index = where[found[0], found[1]]
        errors.append(
            FixtureError(
                name,
                f"pay_relations[{index}].relative_to",
                "pay relations go round in a circle ("
                + " → ".join([*found, found[0]])
                + "); one of these roles must be the one the others are measured against",
            )
        )
        edges[found[0]].discard(found[1])

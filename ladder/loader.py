"""Load the content files into the database: validate everything, then write it all or nothing."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from compensation.models import Band, PayRelation, Region
from ladder.api.stored import build_documents, has_documents
from ladder.fixture_errors import FixtureInvalid
from ladder.fixture_files import LadderFiles, read_files
from ladder.fixture_references import check_references
from ladder.fixture_schema import Citation, RoleFile
from ladder.models import Framework, Source
from ladder.sync import Count, Plan, Ref, delete_stale, key_to_id, write
from ladder.version_barrier import LeaseReport, WatchReport, announce_version_change
from levels.models import Level, Scale
from roles.models import (
    AliasKind,
    Aspect,
    CompetencyWeight,
    Dimension,
    Position,
    Role,
    RoleAlias,
    RoleClassification,
    RoleSkill,
    RoleStatement,
    Statement,
)


@dataclass
class LoadReport:
    data_version: str
    counts: dict[str, Count] = field(default_factory=dict)
    # The workers' confirmations of the new version, once the load has committed (PostgreSQL),
    # or the wait for their held versions to lapse (SQLite).
    watchers: list[WatchReport | LeaseReport] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(count.changed for count in self.counts.values())

    def lines(self) -> list[str]:
        width = max(len(name) for name in self.counts)
        lines = [f"{'':{width}}  created  updated  deleted  unchanged"]
        for name, c in self.counts.items():
            lines.append(
                f"{name:{width}}  {c.created:7}  {c.updated:7}  {c.deleted:7}  {c.unchanged:9}"
            )
        for watch in self.watchers:
            lines += watch.lines()
        return lines


def read_ladder(paths: list[Path] | None = None) -> LadderFiles:
    """Parse and validate every content file; raise FixtureInvalid listing every error."""
    files, errors = read_files(paths or [Path(settings.LADDER_FIXTURES_DIR)])
    errors += check_references(files)
    if errors:
        raise FixtureInvalid(sorted(set(errors)))
    return files


def load_ladder(*, paths: list[Path] | None = None) -> LoadReport:
    files = read_ladder(paths)
    plans = build_plans(files)
    report = LoadReport(data_version=files.data_version)
    for plan in plans:
        report.counts.setdefault(label(plan), Count())
    with transaction.atomic():
        for plan in reversed(plans):  # children first, so nothing protected is in the way
            delete_stale(plan, report.counts[label(plan)])
        ids: dict[type[models.Model], dict[tuple, int]] = {}

        def resolve(ref: Ref) -> int:
            return ids[ref.model][ref.key]

        for plan in plans:
            write(plan, resolve, report.counts[label(plan)])
            ids.setdefault(plan.model, {}).update(key_to_id(plan))
        if report.changed:
            Framework.objects.filter(slug=files.framework[1].framework.slug).update(  # type: ignore[index]
                data_version=files.data_version, loaded_at=timezone.now()
            )
            announce_version_change(report.watchers)
            refresh_statistics(plans)
        if report.changed or not has_documents(files.data_version):
            build_documents(files.data_version)
    return report


# The search indexes (GIN) take a load's rows into a pending list and merge it in bulk; merged
# before the tables are analysed, a search right after the load meets the index as a whole,
# which the planner prefers to a full scan (roles/migrations/0003). Only indexes whose owner we
# act for: merging is the owner's right, and an unmerged list is slower, never wrong.
MERGE_PENDING_LISTS = """
    SELECT gin_clean_pending_list(index.indexrelid)
    FROM pg_index AS index
    JOIN pg_class AS class ON class.oid = index.indexrelid
    JOIN pg_am AS method ON method.oid = class.relam
    WHERE method.amname = 'gin'
      AND index.indrelid = ANY(%s::regclass[])
      AND pg_has_role(class.relowner, 'USAGE')
"""


def refresh_statistics(plans: list[Plan]) -> None:
    """Let the query planner see the tables as loaded. Without statistics SQLite reads a
    role's career paths through the dimension index (every role's) instead of the position
    one: a page 6 ms slower at x100 and growing with the ladder."""
    tables = sorted({plan.model._meta.db_table for plan in plans})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(MERGE_PENDING_LISTS, [[quote(table) for table in tables]])
            cursor.execute("ANALYZE " + ", ".join(quote(table) for table in tables))
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {quote(table)}")


def label(plan: Plan) -> str:
    return str(plan.model._meta.verbose_name_plural).capitalize()


def cited(item: Citation, default: Citation) -> dict[str, Any]:
    return {
        "source": Ref(Source, (item.source or default.source,)),
        "confidence": item.confidence or default.confidence,
    }


def build_plans(files: LadderFiles) -> list[Plan]:
    """Every table's desired rows, in dependency order (parents before children)."""
    if files.framework is None or files.scales is None:
        raise ValueError("build_plans needs validated content (read_ladder guarantees both files)")
    framework = files.framework[1]
    scales = files.scales[1]
    roles = sorted((role for _, role in files.roles), key=lambda r: r.order)

    meta = framework.framework
    plans = [
        Plan(
            Framework,
            ("slug",),
            {
                (meta.slug,): {
                    "slug": meta.slug,
                    "name": meta.name,
                    "version": meta.version,
                    "review_status": meta.review_status,
                    "reviewed_on": meta.reviewed_on,
                    "description": meta.description,
                }
            },
            reorderable=(),
        ),
        Plan(
            Source,
            ("slug",),
            {
                (s.slug,): {
                    "slug": s.slug,
                    "title": s.title,
                    "kind": s.kind,
                    "file_name": s.file_name,
                    "publisher": s.publisher,
                    "summary": s.summary,
                    "confidence": s.confidence,
                    "contributed": list(s.contributed),
                    "details": [d.model_dump() for d in s.details],
                    "order": i,
                }
                for i, s in enumerate(framework.sources)
            },
        ),
        Plan(
            Dimension,
            ("slug",),
            {
                (d.slug,): {
                    "slug": d.slug,
                    "name": d.name,
                    "description": d.description,
                    "order": i,
                }
                for i, d in enumerate(framework.dimensions)
            },
        ),
        Plan(
            Aspect,
            ("dimension__slug", "slug"),
            {
                (d.slug, a.slug): {
                    "dimension": Ref(Dimension, (d.slug,)),
                    "slug": a.slug,
                    "name": a.name,
                    "description": a.description,
                    "order": i,
                }
                for d in framework.dimensions
                for i, a in enumerate(d.aspects)
            },
        ),
        Plan(
            Region,
            ("code",),
            {
                (r.code,): {"code": r.code, "name": r.name, "order": i}
                for i, r in enumerate(framework.regions)
            },
        ),
        Plan(
            Scale,
            ("slug",),
            {
                (s.slug,): {
                    "slug": s.slug,
                    "name": s.name,
                    "kind": s.kind,
                    "description": s.description,
                    "order": i,
                }
                for i, s in enumerate(scales.scales)
            },
        ),
    ]
    plans += level_plans(files)
    plans.append(
        Plan(
            Role,
            ("slug",),
            {
                (r.slug,): {
                    "slug": r.slug,
                    "name": r.name,
                    "family": r.family,
                    "summary": r.summary,
                    "order": r.order,
                    **cited(r, r),
                }
                for r in roles
            },
        )
    )
    aspect_index = {
        d.slug: {a.slug: i for i, a in enumerate(d.aspects)} for d in framework.dimensions
    }
    plans += role_detail_plans(roles, aspect_index)
    return plans


def level_plans(files: LadderFiles) -> list[Plan]:
    if files.scales is None:
        raise ValueError("level_plans needs validated scales")
    # Title levels point at professional levels, so those are written first, in their own pass.
    plain: dict[tuple, dict[str, Any]] = {}
    mapped: dict[tuple, dict[str, Any]] = {}
    for scale in files.scales[1].scales:
        for i, level in enumerate(scale.levels):
            row: dict[str, Any] = {
                "scale": Ref(Scale, (scale.slug,)),
                "slug": level.slug,
                "code": level.code,
                "name": level.name,
                "order": i,
                "summary": level.summary,
                "years_min": level.years.min if level.years else None,
                "years_max": level.years.max if level.years else None,
            }
            d = level.definition
            row |= {
                "scope": d.scope if d else "",
                "autonomy": d.autonomy if d else "",
                "complexity": d.complexity if d else "",
                "impact": d.impact if d else "",
                "decision_rights": d.decision_rights if d else "",
                "leadership": d.leadership if d else "",
                "typical_experience": d.typical_experience if d else "",
                "definition_source": Ref(Source, (d.source or "ladder-editorial",)) if d else None,
                "definition_confidence": (d.confidence or "low") if d else "",
            }
            m = level.maps_to
            row |= {
                "maps_to_min": Ref(Level, (m.from_level,)) if m else None,
                "maps_to_max": Ref(Level, (m.to_level,)) if m else None,
                "mapping_note": m.note if m else "",
                "mapping_source": Ref(Source, (m.source,)) if m else None,
                "mapping_confidence": (m.confidence or "low") if m else "",
            }
            (mapped if m else plain)[(level.slug,)] = row
    return [
        Plan(Level, ("slug",), plain, scope=models.Q(maps_to_min__isnull=True)),
        Plan(Level, ("slug",), mapped, scope=models.Q(maps_to_min__isnull=False)),
    ]


def role_detail_plans(roles: list[RoleFile], aspect_index: dict[str, dict[str, int]]) -> list[Plan]:
    aliases: dict[tuple, dict[str, Any]] = {}
    classifications: dict[tuple, dict[str, Any]] = {}
    skills: dict[tuple, dict[str, Any]] = {}
    competencies: dict[tuple, dict[str, Any]] = {}
    role_statements: dict[tuple, dict[str, Any]] = {}
    relations: dict[tuple, dict[str, Any]] = {}
    positions: dict[tuple, dict[str, Any]] = {}
    cells: dict[tuple, dict[str, Any]] = {}
    bullets: dict[tuple, dict[str, Any]] = {}
    bands: dict[tuple, dict[str, Any]] = {}

    for role in roles:
        this = Ref(Role, (role.slug,))
        names = [(t, AliasKind.ABBREVIATION) for t in role.abbreviations] + [
            (t, AliasKind.TITLE) for t in role.aliases
        ]
        for i, (text, kind) in enumerate(names):
            aliases[(role.slug, text)] = {"role": this, "text": text, "kind": kind, "order": i}
        for i, c in enumerate(role.classifications):
            classifications[(role.slug, c.system, c.code)] = {
                "role": this,
                "system": c.system,
                "code": c.code,
                "title": c.title,
                "order": i,
                **cited(c, role),
            }
        for i, s in enumerate(role.skills):
            skills[(role.slug, s.name)] = {
                "role": this,
                "name": s.name,
                "kind": s.kind,
                "description": s.description,
                "order": i,
                **cited(s, role),
            }
        for i, competency in enumerate(role.competencies):
            competencies[(role.slug, competency.name)] = {
                "role": this,
                "name": competency.name,
                "weight": competency.weight,
                "order": i,
                **cited(competency, role),
            }
        for topic, items in role.topics.items():
            for i, st in enumerate(items):
                role_statements[(role.slug, topic, i)] = {
                    "role": this,
                    "topic": topic,
                    "label": st.label,
                    "text": st.text,
                    "order": i,
                    **cited(st, role),
                }
        for r in role.pay_relations:
            example = r.example
            relations[(role.slug, r.relative_to)] = {
                "role": this,
                "relative_to": Ref(Role, (r.relative_to,)),
                "premium_min_pct": r.premium_min_pct,
                "premium_max_pct": r.premium_max_pct,
                "example_currency": example.currency if example else "",
                "example_reference": example.reference if example else None,
                "example_minimum": example.minimum if example else None,
                "example_maximum": example.maximum if example else None,
                "note": r.note,
                **cited(r, role),
            }
        for p in role.positions:
            key = Position.key_for(role.slug, p.level)
            default = Citation(
                source=p.source or role.source, confidence=p.confidence or role.confidence
            )
            positions[(key,)] = {
                "key": key,
                "role": this,
                "level": Ref(Level, (p.level,)),
                "title": p.title,
                "summary": p.summary,
                **cited(p, role),
            }
            for dimension, content in p.dimensions.items():
                for aspect, st in content.aspects.items():
                    cells[(key, dimension, aspect)] = {
                        "position": Ref(Position, (key,)),
                        "dimension": Ref(Dimension, (dimension,)),
                        "aspect": Ref(Aspect, (dimension, aspect)),
                        "label": st.label,
                        "text": st.text,
                        "order": aspect_index[dimension][aspect],
                        **cited(st, default),
                    }
                for i, st in enumerate(content.statements):
                    bullets[(key, dimension, i)] = {
                        "position": Ref(Position, (key,)),
                        "dimension": Ref(Dimension, (dimension,)),
                        "aspect": None,
                        "label": st.label,
                        "text": st.text,
                        "order": i,
                        **cited(st, default),
                    }
            for i, b in enumerate(p.bands):
                bands[(key, b.region, b.currency, b.basis)] = {
                    "position": Ref(Position, (key,)),
                    "region": Ref(Region, (b.region,)),
                    "currency": b.currency,
                    "basis": b.basis,
                    "minimum": b.minimum,
                    "median": b.median,
                    "maximum": b.maximum,
                    "maximum_is_open": b.maximum_is_open,
                    "year": b.year,
                    "note": b.note,
                    "order": i,
                    **cited(b, default),
                }

    return [
        Plan(RoleAlias, ("role__slug", "text"), aliases),
        Plan(RoleClassification, ("role__slug", "system", "code"), classifications),
        Plan(RoleSkill, ("role__slug", "name"), skills),
        Plan(CompetencyWeight, ("role__slug", "name"), competencies),
        Plan(RoleStatement, ("role__slug", "topic", "order"), role_statements),
        Plan(PayRelation, ("role__slug", "relative_to__slug"), relations, reorderable=()),
        Plan(Position, ("key",), positions, reorderable=()),
        Plan(
            Statement,
            ("position__key", "aspect__dimension__slug", "aspect__slug"),
            cells,
            scope=models.Q(aspect__isnull=False),
            reorderable=(),
        ),
        Plan(
            Statement,
            ("position__key", "dimension__slug", "order"),
            bullets,
            scope=models.Q(aspect__isnull=True),
        ),
        Plan(Band, ("position__key", "region__code", "currency", "basis"), bands),
    ]

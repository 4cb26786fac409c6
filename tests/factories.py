"""Factories that build consistent graphs: a position's statements and bands share its role and
level, and everything cites a real source. Used by behaviour tests (e.g. query counts that must
not grow when ten more roles exist); content tests use the shipped fixtures instead."""

import factory
from factory.django import DjangoModelFactory

from compensation.models import Band, Region
from ladder.models import Source
from levels.models import Level
from roles.models import (
    Aspect,
    Dimension,
    Position,
    Role,
    RoleAlias,
    RoleSkill,
    RoleStatement,
    Statement,
)


def editorial() -> Source:
    return Source.objects.get(slug="ladder-editorial")


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    slug = factory.Sequence(lambda n: f"synthetic-role-{n}")
    name = factory.Sequence(lambda n: f"Synthetic Role {n}")
    family = "Synthetic"
    summary = factory.LazyAttribute(lambda o: f"{o.name} exists to make the data larger in tests.")
    order = factory.Sequence(lambda n: 1000 + n)
    source = factory.LazyFunction(editorial)
    confidence = "low"


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    role = factory.SubFactory(RoleFactory)
    level = factory.LazyFunction(lambda: Level.objects.get(slug="p3"))
    key = factory.LazyAttribute(lambda o: Position.key_for(o.role.slug, o.level.slug))
    title = factory.LazyAttribute(lambda o: f"{o.role.name} — {o.level.code}")
    summary = "A synthetic position."
    source = factory.LazyFunction(editorial)
    confidence = "low"


def build_role_with_ladder(**role_fields: object) -> Role:
    """A role with a position at every P-level, each with a cell for every aspect, two bullets per
    dimension, a skill, a topic statement, an alias and a US band: the shape of a shipped role."""
    role = RoleFactory.create(**role_fields)
    source = editorial()
    RoleAlias.objects.create(role=role, text=f"{role.name} alias", kind="title", order=0)
    RoleSkill.objects.create(
        role=role, name="Synthesis", kind="skill", order=0, source=source, confidence="low"
    )
    RoleStatement.objects.create(
        role=role, topic="kpi", text="Synthetic KPI", order=0, source=source, confidence="low"
    )
    aspects = list(Aspect.objects.all())
    dimensions = list(Dimension.objects.all())
    us = Region.objects.get(code="us")
    for level in Level.objects.professional():
        position = PositionFactory.create(role=role, level=level)
        statements = [
            Statement(
                position=position,
                dimension_id=a.dimension_id,
                aspect=a,
                text=f"{a.name} at {level.code}",
                order=a.order,
                source=source,
                confidence="low",
            )
            for a in aspects
        ] + [
            Statement(
                position=position,
                dimension=d,
                text=f"{d.name} bullet {i}",
                order=i,
                source=source,
                confidence="low",
            )
            for d in dimensions
            for i in range(2)
        ]
        Statement.objects.bulk_create(statements)
        Band.objects.create(
            position=position,
            region=us,
            currency="USD",
            basis="base-salary",
            minimum=100_000,
            median=110_000 + level.order * 1000,
            maximum=150_000,
            order=0,
            source=source,
            confidence="low",
        )
    return role


class BandFactory(DjangoModelFactory):
    class Meta:
        model = Band

    position = factory.SubFactory(PositionFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="us"))
    currency = "USD"
    basis = "base-salary"
    minimum = 100_000
    median = 120_000
    maximum = 140_000
    order = 0
    source = factory.LazyFunction(editorial)
    confidence = "low"

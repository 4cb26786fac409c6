from django.contrib import admin

from ladder.content_edits import EditorAdmin
from roles.models import (
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


class AliasInline(admin.TabularInline):
    model = RoleAlias
    extra = 0


class ClassificationInline(admin.TabularInline):
    model = RoleClassification
    extra = 0


class SkillInline(admin.TabularInline):
    model = RoleSkill
    fields = ["order", "name", "kind", "description", "source", "confidence"]
    extra = 0


class CompetencyInline(admin.TabularInline):
    model = CompetencyWeight
    extra = 0


@admin.register(Role)
class RoleAdmin(EditorAdmin):
    list_display = ["name", "slug", "family", "order"]
    search_fields = ["name", "slug", "summary"]
    inlines = [AliasInline, ClassificationInline, SkillInline, CompetencyInline]


@admin.register(RoleStatement)
class RoleStatementAdmin(EditorAdmin):
    list_display = ["role", "topic", "order", "label", "text", "source", "confidence"]
    list_filter = ["role", "topic", "source", "confidence"]
    list_select_related = ["role", "source"]
    search_fields = ["label", "text"]


class AspectInline(admin.TabularInline):
    model = Aspect
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(EditorAdmin):
    list_display = ["name", "slug", "order"]
    inlines = [AspectInline]


@admin.register(Aspect)
class AspectAdmin(EditorAdmin):
    list_display = ["name", "dimension", "order"]
    list_filter = ["dimension"]
    list_select_related = ["dimension"]
    search_fields = ["name", "slug"]


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ["dimension", "aspect", "order", "label", "text", "source", "confidence"]
    extra = 0


@admin.register(Position)
class PositionAdmin(EditorAdmin):
    list_display = ["title", "key", "role", "level", "confidence"]
    list_filter = ["role", "level__scale", "confidence"]
    list_select_related = ["role", "level"]
    search_fields = ["title", "key", "summary"]
    readonly_fields = ["key"]
    inlines = [StatementInline]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).select_related("role", "level")


@admin.register(Statement)
class StatementAdmin(EditorAdmin):
    list_display = ["position", "dimension", "aspect", "order", "text", "source", "confidence"]
    list_filter = ["dimension", "position__role", "source", "confidence"]
    list_select_related = ["position", "dimension", "aspect", "source"]
    search_fields = ["text", "label"]
    autocomplete_fields = ["position", "aspect"]


@admin.register(RoleAlias)
class RoleAliasAdmin(EditorAdmin):
    list_display = ["text", "kind", "role"]
    list_filter = ["kind", "role"]
    list_select_related = ["role"]
    search_fields = ["text"]


@admin.register(RoleClassification)
class RoleClassificationAdmin(EditorAdmin):
    list_display = ["system", "code", "title", "role", "confidence"]
    list_select_related = ["role"]


@admin.register(RoleSkill)
class RoleSkillAdmin(EditorAdmin):
    list_display = ["name", "kind", "role", "source", "confidence"]
    list_filter = ["kind", "role", "source"]
    list_select_related = ["role", "source"]
    search_fields = ["name", "description"]


@admin.register(CompetencyWeight)
class CompetencyWeightAdmin(EditorAdmin):
    list_display = ["name", "weight", "role", "source", "confidence"]
    list_filter = ["role"]
    list_select_related = ["role", "source"]

"""What belongs to the ladder as a whole: the framework's version and the sources it cites."""

from django.db import models


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    APPROVED = "approved", "Approved"


class Framework(models.Model):
    """The loaded content as one versioned, reviewable whole (a single row)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    review_status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    reviewed_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    # A digest of the fixture files: changes whenever the content does, so caches key on it.
    data_version = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_status__in=ReviewStatus.values),
                name="framework_review_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class SourceKind(models.TextChoices):
    SEED = "seed", "Source document"
    EDITORIAL = "editorial", "Ladder editorial"


class SourceQuerySet(models.QuerySet["Source"]):
    def documents(self) -> "SourceQuerySet":
        return self.filter(kind=SourceKind.SEED)


class Source(models.Model):
    """Where a fact came from: a seed document, or content Ladder's editors wrote."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    file_name = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    # What the document gave Ladder, as short lines (shown on the sources page).
    contributed = models.JSONField(default=list, blank=True)
    # Facts about the document itself (e.g. a profile's own review scores), as label/value pairs.
    details = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["order"], name="source_order_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__in=Confidence.values),
                name="source_confidence_valid",
            ),
            # A seed document is only traceable if its file is named.
            models.CheckConstraint(
                condition=~models.Q(kind=SourceKind.SEED) | ~models.Q(file_name=""),
                name="source_seed_has_file_name",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def confidence_is_valid() -> models.CheckConstraint:
    """The check every cited model carries; named per model so it can be inherited."""
    return models.CheckConstraint(
        condition=models.Q(confidence__in=Confidence.values),
        name="%(app_label)s_%(class)s_confidence_valid",
    )


class Cited(models.Model):
    """Abstract base for every fact that must say where it came from and how sure we are."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    confidence = models.CharField(max_length=10, choices=Confidence.choices)

    class Meta:
        abstract = True


class StoredDocument(models.Model):
    """An API document built once per data version and kept as the bytes it is served as.

    The loader (and an admin edit) builds them in the same transaction that changes the
    content, so a reader's snapshot always holds the documents of the version it reads. Links
    inside are written against a placeholder origin that each request fills in (ladder.api.stored).
    """

    data_version = models.CharField(max_length=64)
    key = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["data_version", "key"], name="stored_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.data_version}"


class SearchKind(models.TextChoices):
    ROLE = "role", "Role"
    POSITION = "position", "Position"
    STATEMENT = "statement", "Statement"


class SearchEntry(models.Model):
    """Something a search can find, as its hit shows it: the search index (ladder.search.index).

    Rebuilt with the stored documents, in the transaction that changes the content. The id is the
    entry's place in the ladder's order, kind by kind, so that an index read in id order reads
    the ladder in its order. What it is searched by lives beside it, where each database keeps
    it: on PostgreSQL a GIN-indexed `search_vector` column, on SQLite an FTS5 table of the
    entries' words (ladder/migrations/0004_search_entry.py), neither mapped by the ORM.
    """

    # Given by the builder; an auto field so that SQLite keeps it as the rowid.
    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    role = models.CharField(max_length=100, blank=True)  # a role's slug: what an alias names
    text = models.TextField()  # what the hit's snippet is cut from
    fields = models.TextField()  # the hit's other fields, as JSON

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SearchKind.values), name="search_entry_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class SearchAlias(models.Model):
    """A role's alias as the search index matches it (ladder.search.index): rebuilt with the
    entries. The id is its place in the ladder's order (its role's, then its own). On SQLite a
    trigram FTS5 table of the folded text finds the aliases a term is part of without reading
    them all (ladder/migrations/0005_search_alias.py)."""

    id = models.BigAutoField(primary_key=True)  # given by the builder
    # str.casefold() of the text: as long or longer ("ß" is "ss"), so not limited.
    folded = models.TextField(db_index=True)
    text = models.TextField()
    role = models.CharField(max_length=100)  # the role's slug
    fields = models.TextField()  # what a search reports of it, as JSON

    def __str__(self) -> str:
        return self.text

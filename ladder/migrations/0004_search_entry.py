"""The search index's entries (ladder.search.index), and what each database searches them by.

SQLite: an FTS5 table of each entry's words (contentless: the entries hold the text), its rowid
the entry's id; the tokenizer ignores case and keeps diacritics, as the live search does. A
prefix index for terms of one or two characters, and the table's vocabulary, copied into a table
at each build so that a search finds the words a longer term begins in a B-tree. PostgreSQL: the entry's english
vector in a column the ORM does not map, GIN-indexed; with the pending list the content tables'
indexes do without (roles/migrations/0003_search_index_pending_list.py), since the index is
written in bulk and its builder merges the list before the load commits.
"""

from django.db import migrations, models

ENTRIES, WORDS = "ladder_searchentry", "ladder_searchentry_words"
VOCABULARY_VIEW, VOCABULARY = "ladder_searchentry_vocabulary", "ladder_searchword"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {WORDS} USING fts5("
            "words, content='', tokenize='unicode61 remove_diacritics 0', prefix='1 2')"
        )
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {VOCABULARY_VIEW} USING fts5vocab({WORDS}, 'row')"
        )
        schema_editor.execute(f"CREATE TABLE {VOCABULARY} (word TEXT PRIMARY KEY) WITHOUT ROWID")
    elif vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {ENTRIES} ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            f"CREATE INDEX {ENTRIES}_search_vector ON {ENTRIES} USING gin (search_vector)"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in (VOCABULARY, VOCABULARY_VIEW, WORDS):
            schema_editor.execute(f"DROP TABLE {table}")
    elif vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {ENTRIES} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("ladder", "0003_stored_document_lz4"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("role", "Role"),
                            ("position", "Position"),
                            ("statement", "Statement"),
                        ],
                        max_length=10,
                    ),
                ),
                ("role", models.CharField(blank=True, max_length=100)),
                ("text", models.TextField()),
                ("fields", models.TextField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["role", "position", "statement"])),
                        name="search_entry_kind_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]

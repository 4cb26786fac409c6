"""The search index's aliases (ladder.search.index), and, on SQLite, a trigram FTS5 table of their
folded text: a term is found inside an alias ("product" in "platform product manager") without
reading every alias, as the live search's LIKE did at x100 (2,600 aliases, ~1.3 ms a search).
PostgreSQL reads the table itself: a few thousand short strings."""

from django.db import migrations, models

TRIGRAMS = "ladder_searchalias_trigrams"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TRIGRAMS} USING fts5(folded, content='', tokenize='trigram')"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE {TRIGRAMS}")


class Migration(migrations.Migration):
    dependencies = [
        ("ladder", "0004_search_entry"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchAlias",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("folded", models.TextField(db_index=True)),
                ("text", models.TextField()),
                ("role", models.CharField(max_length=100)),
                ("fields", models.TextField()),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]

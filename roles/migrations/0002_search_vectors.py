"""PostgreSQL: each searchable row keeps its full-text vector, indexed (ladder/search.py).

Computing `to_tsvector` over every row per search cost ~1.4 s a search at x100 (170,000
statements). The vector is a column the ORM never sees, kept by triggers on every insert and
update, whoever writes (the loader, the admin, a shell), and by a name or code changing on the
aspect or level a row borrows it from. Each is made of exactly the text the search used to build
per query (`SEARCH_FIELDS` in ladder/search.py; a test compares them row by row), so matches and
ranks do not change. SQLite searches with LIKE and gets nothing here.
"""

from django.db import migrations

# Each table's vector is made of this text (NEW: the row being written).
VECTORS = {
    "roles_role": "COALESCE(NEW.name, '') || ' ' || COALESCE(NEW.family, '') || ' ' || "
    "COALESCE(NEW.summary, '')",
    "roles_position": "COALESCE(NEW.title, '') || ' ' || COALESCE(NEW.summary, '') || ' ' || "
    "COALESCE((SELECT code FROM levels_level WHERE id = NEW.level_id), '')",
    "roles_rolestatement": "COALESCE(NEW.text, '') || ' ' || COALESCE(NEW.label, '')",
    "roles_statement": "COALESCE(NEW.text, '') || ' ' || COALESCE(NEW.label, '') || ' ' || "
    "COALESCE((SELECT name FROM roles_aspect WHERE id = NEW.aspect_id), '')",
}
# A borrowed name changes: its borrowers' vectors are rebuilt (their own trigger does it).
BORROWED = {
    "roles_aspect": ("name", "roles_statement", "aspect_id"),
    "levels_level": ("code", "roles_position", "level_id"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, text in VECTORS.items():
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            f"CREATE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_vector := to_tsvector('english'::regconfig, {text}); "
            "RETURN NEW; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()"
        )
        schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")  # fills it
        schema_editor.execute(
            # No pending list: the loader's bulk writes go straight into the index, which the
            # planner otherwise judged worse than a full scan until the next VACUUM.
            f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector) "
            "WITH (fastupdate = off)"
        )
    for table, (column, borrower, key) in BORROWED.items():
        schema_editor.execute(
            f"CREATE FUNCTION {table}_lends_search_text() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE {borrower} SET search_vector = NULL WHERE {key} = NEW.id; "
            "RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_lends_search_text AFTER UPDATE OF {column} ON {table} "
            f"FOR EACH ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) "
            f"EXECUTE FUNCTION {table}_lends_search_text()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in BORROWED:
        schema_editor.execute(f"DROP TRIGGER {table}_lends_search_text ON {table}")
        schema_editor.execute(f"DROP FUNCTION {table}_lends_search_text()")
    for table in VECTORS:
        schema_editor.execute(f"DROP TRIGGER {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION {table}_search_vector()")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("levels", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

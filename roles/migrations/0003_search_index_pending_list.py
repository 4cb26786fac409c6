"""PostgreSQL: the search indexes take bulk writes through their pending list again.

0002 switched the list off, because a load left it full and the planner then judged a full scan
cheaper than the index until the next VACUUM. Without it, each of a load's ~96,000 statements
(x100) went into the index on its own: ~4.5 s of the x100 load on this machine, against ~0.1 s
merged in bulk. The loader now empties the lists before it analyses the tables
(`ladder.loader.refresh_statistics`), so a search after a load meets a merged index, as before.
"""

from django.db import migrations

TABLES = ("roles_role", "roles_position", "roles_rolestatement", "roles_statement")


def fastupdate(value: str):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(f"ALTER INDEX {table}_search_vector SET (fastupdate = {value})")

    return alter


class Migration(migrations.Migration):
    dependencies = [("roles", "0002_search_vectors")]

    operations = [migrations.RunPython(fastupdate("on"), fastupdate("off"), elidable=False)]

"""Stored full-text search vectors on PostgreSQL: one definition for every
table that is searched (forum comments, articles, community topics).

Each searched table has a nullable `search_vector` column (a
`SearchVectorField`; a plain, always-empty column on SQLite) that a
PostgreSQL trigger keeps current on every INSERT and on every UPDATE of the
columns it reads, whichever code path writes the row (services, the admin,
bulk loads), with a GIN index beside it. A trigger, not Python, so that no
write can forget it: an edit, a removal and a restore each rewrite it in the
same statement.

The vector is English (`CONFIG`), weighted per column (A above B above C),
and holds only what every reader may read: a comment's vector is empty
unless it is published, so held, hidden, removed, deleted and spam comments
cannot match even a query that forgot to filter them. Author names are never
indexed (an anonymous author's name must not be findable).

Synonyms (a treatment's other names) are applied when a query is built
(search.services), so adding one needs no rebuild of the stored vectors.
"""

CONFIG = "english"


def _trigger_sql(
    table: str, expression: str, columns: list[str], condition: str = ""
) -> str:
    name = f"{table}_search_vector"
    value = f"CASE WHEN {condition} THEN {expression} END" if condition else expression
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := {value};
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {", ".join(columns)} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
CREATE INDEX IF NOT EXISTS {name}_gin ON {table} USING gin (search_vector);
UPDATE {table} SET search_vector = {value.replace("NEW.", "")};
"""  # noqa: S608 - table and column names are constants of the migrations


def weighted(column: str, weight: str) -> str:
    """The SQL of one column's weighted vector (HTML tags and entities are
    dropped by PostgreSQL's parser, so a rendered body can be indexed)."""
    return (
        f"setweight(to_tsvector('{CONFIG}'::regconfig, "
        f"coalesce(NEW.{column}, '')), '{weight}')"
    )


def vector_operations(
    table: str, weights: dict[str, str], *, condition: str = ""
) -> list:
    """Migration operations that install the trigger and index for `table`
    (PostgreSQL only; a no-op elsewhere) and fill the existing rows; reversed
    by dropping them."""
    from django.db import migrations

    expression = " || ".join(weighted(col, w) for col, w in weights.items())
    columns = list(weights) + (["status"] if condition else [])
    install = _trigger_sql(table, expression, columns, condition)
    name = f"{table}_search_vector"
    remove = (
        f"DROP TRIGGER IF EXISTS {name} ON {table}; "
        f"DROP FUNCTION IF EXISTS {name}(); DROP INDEX IF EXISTS {name}_gin;"
    )

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(install)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(remove)

    return [migrations.RunPython(forwards, backwards)]

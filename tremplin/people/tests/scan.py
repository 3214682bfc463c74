"""Searches every column of every table for a piece of text: proof that erasure left nothing."""

from django.db import connection


def tables_containing(needle: str) -> list[str]:
    """``table.column`` for every column whose text contains ``needle`` (case-insensitive)."""
    found = []
    pattern = f"%{needle.lower()}%"
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            description = connection.introspection.get_table_description(cursor, table)
            for column in description:
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quoted_table} "
                    f"WHERE LOWER(CAST({quoted_column} AS TEXT)) LIKE %s",
                    [pattern],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found

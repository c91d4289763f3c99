"""The one way a path or a value goes into DuckDB SQL text: as a quoted, escaped string literal.

DuckDB cannot bind parameters in ATTACH, COPY ... TO or a table function's file list, so paths are put
into the SQL text. A data directory or an inbox file may be named anything (`city's data ข้อมูล`,
`report 'final'.csv`); pasted unquoted, a quote ends the string and the rest is parsed as SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def sql_string(value: str | Path) -> str:
    """``value`` as a SQL string literal: single quotes around it, each quote inside doubled."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_string_list(values: Iterable[str | Path]) -> str:
    """A DuckDB list literal of string literals, e.g. a file list for ``read_parquet([...])``."""
    return "[" + ", ".join(sql_string(value) for value in values) + "]"

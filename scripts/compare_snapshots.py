"""Compare two published snapshots table by table: what a refactoring or an optimisation must not change.

    python scripts/compare_snapshots.py <published dir or indicators.duckdb> <the other one>

Every table of either snapshot's ``indicators.duckdb`` is compared by content, in both directions
(``EXCEPT ALL``: a row present once more in one side counts as a difference), and by row count.
Floating-point columns are compared rounded to ``--digits`` decimals (default 9): DuckDB's parallel
aggregation adds in no fixed order, so two builds of the same data differ around the 15th digit.
Columns that record when or by which run a snapshot was built can be left out (``--ignore``).
Exits 1 when any table differs, is missing, or changes columns.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class TableComparison:
    """How one published table compares between the two snapshots."""

    table: str
    rows_left: int | None
    rows_right: int | None
    only_left: int
    only_right: int
    columns_match: bool

    @property
    def identical(self) -> bool:
        return (
            self.columns_match
            and self.rows_left == self.rows_right
            and self.only_left == 0
            and self.only_right == 0
        )


def _database(path: Path) -> Path:
    return path / "indicators.duckdb" if path.is_dir() else path


def _columns(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, str]:
    """Each column's name and DuckDB type, in table order."""
    rows = connection.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = ? AND table_name = ? "
        "ORDER BY column_index",
        [schema, table],
    ).fetchall()
    return dict(rows)


def _comparable(column: str, data_type: str, digits: int) -> str:
    return f'round("{column}", {digits})' if data_type in {"DOUBLE", "FLOAT"} else f'"{column}"'


def _tables(connection: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    rows = connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? "
        "UNION SELECT view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal",
        [database, database],
    ).fetchall()
    return {name for (name,) in rows}


def compare(
    left: Path, right: Path, ignored: frozenset[str] = frozenset(), digits: int = 9
) -> list[TableComparison]:
    """Compare every table of the two snapshots' DuckDB files (opened read-only)."""
    connection = duckdb.connect()
    for alias, path in (("l", left), ("r", right)):
        connection.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(_database(path))])
    comparisons = []
    left_tables, right_tables = _tables(connection, "l"), _tables(connection, "r")
    for table in sorted(left_tables | right_tables):
        if table not in left_tables or table not in right_tables:
            present = "l" if table in left_tables else "r"
            (rows,) = connection.execute(f'SELECT count(*) FROM {present}."{table}"').fetchone()
            comparisons.append(
                TableComparison(
                    table,
                    rows if present == "l" else None,
                    rows if present == "r" else None,
                    rows if present == "l" else 0,
                    rows if present == "r" else 0,
                    False,
                )
            )
            continue
        left_types = {c: t for c, t in _columns(connection, "l", table).items() if c not in ignored}
        right_types = {c: t for c, t in _columns(connection, "r", table).items() if c not in ignored}
        left_columns, right_columns = list(left_types.items()), list(right_types.items())
        selected = ", ".join(_comparable(column, data_type, digits) for column, data_type in left_columns)
        if left_columns == right_columns and left_columns:
            left_rows = f'SELECT {selected} FROM l."{table}"'
            right_rows = f'SELECT {selected} FROM r."{table}"'
            (only_left,) = connection.execute(
                f"SELECT count(*) FROM ({left_rows} EXCEPT ALL {right_rows})"
            ).fetchone()
            (only_right,) = connection.execute(
                f"SELECT count(*) FROM ({right_rows} EXCEPT ALL {left_rows})"
            ).fetchone()
        elif left_columns == right_columns:  # every column ignored: the row counts decide
            only_left = only_right = 0
        else:
            only_left = only_right = -1
        (rows_left,) = connection.execute(f'SELECT count(*) FROM l."{table}"').fetchone()
        (rows_right,) = connection.execute(f'SELECT count(*) FROM r."{table}"').fetchone()
        comparisons.append(
            TableComparison(
                table, rows_left, rows_right, only_left, only_right, left_columns == right_columns
            )
        )
    return comparisons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("left", type=Path)
    parser.add_argument("right", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="a column to leave out (repeatable)")
    parser.add_argument("--digits", type=int, default=9, help="decimals floating-point values must agree to")
    args = parser.parse_args(argv)
    comparisons = compare(args.left, args.right, frozenset(args.ignore), args.digits)
    print(f"{'table':<36} {'rows left':>10} {'rows right':>10} {'only left':>10} {'only right':>10}  verdict")
    for c in comparisons:
        verdict = "identical" if c.identical else ("COLUMNS DIFFER" if not c.columns_match else "DIFFERENT")
        counts = f"{c.rows_left!s:>10} {c.rows_right!s:>10} {c.only_left:>10} {c.only_right:>10}"
        print(f"{c.table:<36} {counts}  {verdict}")
    different = [c.table for c in comparisons if not c.identical]
    print(f"{len(comparisons) - len(different)} of {len(comparisons)} tables identical")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())

"""Copy the Parquet lake into the PostgreSQL warehouse, for dbt's ``postgres`` target.

With the warehouse server in ``CITY_PG_*``::

    python -m orchestration.cli.lake_to_postgres            # every lake source
    python -m orchestration.cli.lake_to_postgres service_request_observations service_request_quarantine
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from orchestration.cli.help import command_parser
from orchestration.core.paths import city_data_paths
from orchestration.warehouse.lake_to_postgres import LAKE_FOLDERS, LAKE_SCHEMA, load_lake, warehouse_dsn


def main(argv: Sequence[str] | None = None) -> int:
    parser = command_parser("python -m orchestration.cli.lake_to_postgres", __doc__)
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help=f"lake sources to copy (default: all): {', '.join(sorted(LAKE_FOLDERS))}",
    )
    sources = parser.parse_args(argv).sources
    unknown = sorted(set(sources) - set(LAKE_FOLDERS))
    if unknown:
        parser.error(f"not lake sources: {', '.join(unknown)}")
    counts = load_lake(warehouse_dsn(), city_data_paths(), sources or tuple(LAKE_FOLDERS))
    for table, count in counts.items():
        print(f"{LAKE_SCHEMA}.{table}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

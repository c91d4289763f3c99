"""Operator command for the published snapshots: list them, or roll back to an earlier one.

    python -m orchestration.cli.snapshots list
    python -m orchestration.cli.snapshots rollback            # to the snapshot before the current one
    python -m orchestration.cli.snapshots rollback --to <publish id>

A rollback is the same atomic switch a publish makes; readers see the whole earlier snapshot at once.
The next successful publish makes its own snapshot current again.
"""

from __future__ import annotations

import json
import sys

from orchestration.cli.help import command_parser
from orchestration.core.paths import city_data_paths
from orchestration.operations.operator_actions import roll_back_snapshot
from orchestration.publish.snapshot import complete_snapshots, current_publish_id


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("python -m orchestration.cli.snapshots", __doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the complete snapshots, oldest first; * marks the current one")
    back = commands.add_parser("rollback", help="make an earlier snapshot current")
    back.add_argument("--to", help="publish id to make current (default: the one before the current one)")
    args = parser.parse_args(argv)
    published = city_data_paths().published
    if args.command == "list":
        current = current_publish_id(published)
        for publish_id in complete_snapshots(published):
            manifest = json.loads((published / "snapshots" / publish_id / "manifest.json").read_text("utf-8"))
            rows = manifest.get("row_counts", {}).get("indicator_values")
            print(
                f"{'*' if publish_id == current else ' '} {publish_id}  {manifest.get('published_at')}  "
                f"indicator_values: {rows} rows"
            )
        return 0
    try:
        done = roll_back_snapshot(args.to)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 2
    served = "" if done.served_rows is None else " (and in the PostgreSQL serving schema)"
    print(f"current snapshot is now {done.publish_id}{served}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Operator command for a batch that the raw suite blocked: release it or reject it.

    python -m orchestration.cli.review [--source survey] list
    python -m orchestration.cli.review [--source survey] release <file | sha256 prefix> --note "why"
    python -m orchestration.cli.review [--source survey] reject  <file | sha256 prefix> --note "why"

The source defaults to service_requests.

After either decision, run the platform again (``make run`` or the UI) to publish.
"""

from __future__ import annotations

import getpass
import sys
from typing import get_args

from orchestration.cli.help import command_parser
from orchestration.lake.batch_review import load_review, load_verdict
from orchestration.lake.store import LakeLayout, load_batch_records, source_lake
from orchestration.operations.operator_actions import Source, decide_batch


def _list(layout: LakeLayout, failed_only: bool) -> None:
    for record in load_batch_records(layout):
        verdict = load_verdict(layout, record.batch_id)
        review = load_review(layout, record.batch_id)
        if failed_only and (verdict is None or verdict.success or review is not None):
            continue
        state = "not validated yet" if verdict is None else ("passed" if verdict.success else "FAILED")
        decision = f", {review.decision} ({review.note})" if review else ""
        print(f"{record.batch_id[:12]}  {record.source_file}  {record.rows_read} rows  {state}{decision}")
        if verdict is not None and not verdict.success:
            print(f"    {verdict.description}")


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("python -m orchestration.cli.review", __doc__)
    parser.add_argument("--source", choices=get_args(Source), default="service_requests")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list the source's landed batches and their verdicts")
    listing.add_argument(
        "--failed", action="store_true", help="only failed batches still awaiting a decision"
    )
    for name in ("release", "reject"):
        command = commands.add_parser(name, help=f"{name} a blocked batch")
        command.add_argument("batch", help="inbox file name or a prefix of the batch's sha256")
        command.add_argument("--note", required=True, help="why; kept with the decision")
        command.add_argument("--by", default=getpass.getuser(), help="who decides (default: your login)")
    args = parser.parse_args(argv)
    if args.command == "list":
        _list(source_lake(args.source), args.failed)
        return 0
    try:
        record, review = decide_batch(args.source, args.batch, args.command, args.note, args.by)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{record.source_file}: {review.decision}. Run the platform again to publish.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

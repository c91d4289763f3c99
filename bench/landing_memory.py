"""Land one export in a fresh lake and report its records, wall time and peak RSS.

Why: landing must stay in bounded memory whatever the size of one export (decision 023); this is the
measurement behind that claim, run on a generated file, e.g.

    python scripts/generate_scale_data.py --tickets 2000000 --days 2 --out /tmp/scale
    python -m bench.landing_memory /tmp/scale/service_requests/traffy_2025-10-30.csv

Run it once per code version side by side (same file, same machine): the figures are noisy.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from orchestration.lake.store import LakeLayout
from orchestration.sources.service_requests.lander import land_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("export", type=Path, help="the service-request export to land")
    parser.add_argument("--work", type=Path, default=None, help="folder for the throwaway lake")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        root = Path(scratch)
        layout = LakeLayout(lake_dir=root / "lake" / "service_requests", quarantine_dir=root / "quarantine")
        started = time.perf_counter()
        record = land_file(args.export, layout, batch_seq=1)
        wall = time.perf_counter() - started
    assert record is not None
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"{args.export.name}: {record.rows_read} records read, {record.rows_accepted} accepted, "
        f"{record.rows_quarantined} quarantined; wall {wall:.1f} s, peak RSS {peak_gib:.2f} GiB"
    )


if __name__ == "__main__":
    main()

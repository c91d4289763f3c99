"""`make run` / `make backfill` arguments: a backfill names a forward range of days inside the partitions."""

from __future__ import annotations

import pytest

from orchestration.cli.run import parse_options
from orchestration.defs.partitions import bangkok_today


def test_without_days_the_run_covers_the_unlanded_exports() -> None:
    assert parse_options([]) == (None, False)
    assert parse_options(["--full-refresh"]) == (None, True)


def test_a_backfill_names_its_first_and_last_day() -> None:
    assert parse_options(["--from", "2024-11-01", "--to", "2025-10-31"]) == (
        ("2024-11-01", "2025-10-31"),
        False,
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2024-11-01"], "--from and --to go together"),
        (["--from", "2025-01-02", "--to", "2025-01-01"], "must run forward"),
        (["--from", "2021-12-31", "--to", "2022-01-05"], "must run forward from 2022-01-01"),
        (["--from", "2025-01-01", "--to", "2999-01-01"], f"at most today ({bangkok_today().isoformat()})"),
        (["--from", "2025-02-30", "--to", "2025-03-01"], "'2025-02-30' is not a day like 2025-01-31"),
    ],
)
def test_a_bad_range_is_refused_with_the_reason(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_options(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err

"""Find the inbox files that have not been landed yet, in a stable order."""

from __future__ import annotations

from pathlib import Path

# Editors and copy tools leave these behind; they are never exports.
_IGNORED_PREFIXES = (".", "~$")


def inbox_files(inbox_dir: Path) -> list[Path]:
    """Every regular file in the inbox folder, sorted by name.

    Name order is the landing order, and landing order breaks ties between observations with the same
    last_activity (SPEC 3.1: "ties: the later file"); daily exports named by date sort chronologically.
    """
    if not inbox_dir.exists():
        return []
    return sorted(
        path for path in inbox_dir.iterdir() if path.is_file() and not path.name.startswith(_IGNORED_PREFIXES)
    )

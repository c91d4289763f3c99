"""Markdown tables for the Dagster UI's metadata, every cell escaped.

The UI renders `MetadataValue.md` as Markdown, and what goes into the tables is free text: export file
names, column names and data values. Unescaped, a `|` in a file name splits its cell and shifts every
column after it, a backtick or `*` turns the rest of the name into code or emphasis, `<` starts HTML,
`&` an entity, a newline ends the row, and `#`, `-` or `1.` before a space start a heading or a list
wherever the text is not inside a table. Each is backslash-escaped (CommonMark lets any ASCII
punctuation be), and only where it would be read as Markdown, so names such as `sr_received` or
`2025-08-01.csv` stay readable in the raw metadata; letters, digits and Thai are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# Special anywhere; an underscore only where it can open or close emphasis: not between two letters
# or digits (`[^\W_]`).
_INLINE = re.compile(r"[\\`|*~\[\]<>&]|(?<![^\W_])_|_(?![^\W_])")
# At the start of a line, before a space (or alone): a heading, a list item or a setext underline.
_LEADING_MARK = re.compile(r"^(\s*)([#+=-])(?=[#+=-]*(?:\s|$))")
_LEADING_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def markdown_text(value: object) -> str:
    """``value`` as literal Markdown text on one line (None is empty)."""
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    text = _INLINE.sub(lambda match: "\\" + match.group(0), text)
    text = _LEADING_MARK.sub(r"\1\\\2", text)
    return _LEADING_NUMBER.sub(r"\1\\\2", text)


def markdown_table(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A GFM table of ``rows`` under ``header``, each cell shown as it is."""
    lines = [_row(header), "|" + "---|" * len(header)]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(markdown_text(cell) for cell in cells) + " |"

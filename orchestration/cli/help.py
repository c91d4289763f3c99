"""Command-line help from a module's docstring, in plain text.

The docstrings are written for people reading the code (reStructuredText: ``literal``, `name`, a
``::`` before an example); a terminal would print that markup as it is. The commands' ``--help`` shows
the same text without it, paragraphs and indented examples kept.
"""

from __future__ import annotations

import argparse
import re

_ROLE = re.compile(r":[a-z]+:`([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")
_INTERPRETED = re.compile(r"`([^`]+)`")
_LITERAL_BLOCK = re.compile(r"::$", re.MULTILINE)


def plain_text(docstring: str) -> str:
    """``docstring`` without reStructuredText inline markup, and an example's ``::`` as a colon."""
    text = _ROLE.sub(r"\1", docstring)
    text = _LITERAL.sub(r"\1", text)
    text = _INTERPRETED.sub(r"\1", text)
    return _LITERAL_BLOCK.sub(":", text).strip()


def command_parser(prog: str, docstring: str | None) -> argparse.ArgumentParser:
    """An argument parser whose description is ``docstring`` in plain text, laid out as written."""
    return argparse.ArgumentParser(
        prog=prog,
        description=plain_text(docstring or ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

"""The one way the platform tells an operator something: apprise, to the targets the operator configured.

Targets are apprise URLs (``mailto://``, ``msteams://``, ``slack://``, ``line://``, ``json://``, ...), one
setting, space-separated. Those URLs hold credentials (an SMTP password, a LINE channel token, a
webhook's secret path), so nothing here ever prints one: a target is named by its position and service
(``target 2 (mailto)``), and apprise's own log lines, which can quote a host or a payload, never reach a
log handler directly. They are captured per call, every fragment of every configured URL is masked in
them (by a filter on those loggers, before any handler), and only then are they handed back to the
caller to log.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "****"
# A fragment shorter than this is a port, a flag or a one-letter path: masking it would garble the text
# without hiding anything.
_MIN_SECRET_LENGTH = 4
_ADDRESS = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|localhost|\[[0-9a-fA-F:]+\])$")

# apprise's own records are captured per notify() call (see deliver()) and logged by the caller; they
# do not also go to the daemon's or the code server's handlers.
_apprise_logger = logging.getLogger("apprise")
_apprise_logger.propagate = False
_apprise_logger.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Message:
    """What one alert says: a short title and a plain-text body (Thai first, then English)."""

    title: str
    body: str


@dataclass
class Delivery:
    """How one message went: which targets took it, which did not, and apprise's masked warnings."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_targets(setting: str | None) -> list[str]:
    """The apprise URLs of a space-separated setting (newlines and tabs count as spaces)."""
    return (setting or "").split()


def target_label(url: str, position: int) -> str:
    """How logs name a target: its position in the setting and its service, never its URL."""
    scheme = urlsplit(url).scheme or "unknown"
    return f"target {position} ({scheme})"


def secret_fragments(urls: Sequence[str]) -> list[str]:
    """Every part of the URLs that may be a credential, longest first, raw and percent-decoded.

    That is everything but the scheme, a port and a host that is a plain address or domain: the user,
    the password, each path segment and each query value. A LINE or Slack URL carries its token where a
    host would be, so a host that looks like neither an address nor a domain counts as a secret too.
    """
    fragments: set[str] = set()
    for url in urls:
        parts = urlsplit(url)
        # As written: urlsplit's .hostname lowercases it, and a token is case-sensitive.
        hostname = re.sub(r":\d*$", "", parts.netloc.rpartition("@")[2])
        candidates = [parts.username, parts.password, parts.fragment, *parts.path.split("/")]
        candidates += [value for _, value in parse_qsl(parts.query, keep_blank_values=True)]
        if hostname and not (_ADDRESS.match(hostname) or "." in hostname):
            candidates.append(hostname)
        for candidate in candidates:
            for form in {candidate or "", unquote(candidate or "")}:
                if len(form) >= _MIN_SECRET_LENGTH:
                    fragments.add(form)
    return sorted(fragments, key=len, reverse=True)


def redact(text: str, urls: Sequence[str]) -> str:
    """``text`` with every possible credential of ``urls`` replaced by ``****``."""
    for fragment in secret_fragments(urls):
        text = text.replace(fragment, MASK)
    return text


class _RedactingFilter(logging.Filter):
    """Masks the URLs' credentials in a record before any handler sees it."""

    def __init__(self, urls: Sequence[str]) -> None:
        super().__init__()
        self._urls = list(urls)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage(), self._urls), None
        return True


# apprise (at DEBUG: "JSON POST URL: ...") and the HTTP client under it (each request's path) can log a
# webhook's secret path. A filter on the logger itself runs before any handler anyone attached to it.
_MASKED_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry")


@contextlib.contextmanager
def _logs_redacted(urls: Sequence[str]) -> Iterator[None]:
    redacting = _RedactingFilter(urls)
    loggers = [logging.getLogger(name) for name in _MASKED_LOGGERS]
    for logger in loggers:
        logger.addFilter(redacting)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redacting)


def deliver(message: Message, urls: Sequence[str], timeout_seconds: float = 30) -> Delivery:
    """Send ``message`` to each target separately, so one dead target neither hides nor blocks another.

    A URL apprise cannot parse counts as failed (named, not quoted). Never raises for a delivery
    problem: an alert that cannot be sent must not fail the sensor that noticed the trouble.
    """
    import apprise  # here, not at the top: 0.4 s on every code location load (the bench's load target)

    delivery = Delivery()
    for position, url in enumerate(urls, start=1):
        label = target_label(url, position)
        notifier = apprise.Apprise()
        with _logs_redacted(urls):
            added = notifier.add(url)
        if not added:
            delivery.failed.append(label)
            delivery.warnings.append(f"{label}: not a URL apprise understands")
            continue
        captured: list[str] = []
        with _logs_redacted(urls):
            result = notifier.notify(
                body=message.body,
                title=message.title,
                body_format=apprise.NotifyFormat.TEXT,
                timeout=timeout_seconds,
                log_callback=lambda entry, _service, sink=captured: sink.append(
                    f"{entry.level}: {entry.message}"
                ),
                log_level=logging.WARNING,
            )
        (delivery.sent if result else delivery.failed).append(label)
        delivery.warnings += [f"{label}: {redact(line, urls)}" for line in captured]
    return delivery

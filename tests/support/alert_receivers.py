"""Real alert receivers on 127.0.0.1: an SMTP server that demands a login, and a JSON webhook.

Both keep what they received, decoded the way a person would read it (subject and text of a mail, title
and message of apprise's JSON post), so tests compare the words that arrive, Thai included. The URLs
they hand out hold a password and a token, which tests then look for in every log and in the instance.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import logging
import secrets
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.servers import free_port

# The receiver asks for a login over plain SMTP on purpose (loopback only): aiosmtpd warns about it.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
logging.getLogger("mail.log").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Received:
    title: str
    body: str


@dataclass
class SmtpReceiver:
    """An SMTP server on a free loopback port that accepts mail only after AUTH with its own login."""

    user: str = "city-alerts"
    password: str = field(default_factory=lambda: "pw-" + secrets.token_hex(8))
    messages: list[Received] = field(default_factory=list)
    refused_logins: int = 0
    port: int = 0

    def url(self) -> str:
        return (
            f"mailto://{self.user}:{self.password}@127.0.0.1:{self.port}"
            "?mode=insecure&from=platform@city.example&to=operator@city.example"
        )

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (self.user, self.password)
        if not ok:
            self.refused_logins += 1
        return AuthResult(success=ok, handled=False)  # aiosmtpd then answers 235 or 535

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        part = mail.get_body(preferencelist=("plain", "html"))
        text = part.get_content() if part else ""
        self.messages.append(Received(str(mail["subject"]), text.replace("\r\n", "\n").rstrip("\n")))
        return "250 OK"


@dataclass
class WebhookReceiver:
    """An HTTP server on a free loopback port taking apprise's ``json://`` posts under a secret path."""

    token: str = field(default_factory=lambda: "tok" + secrets.token_hex(10))
    messages: list[Received] = field(default_factory=list)
    port: int = 0

    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hooks/{self.token}"


@contextlib.contextmanager
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver(port=free_port())
    controller = Controller(
        receiver,
        hostname="127.0.0.1",
        port=receiver.port,
        authenticator=receiver._authenticate,
        auth_require_tls=False,  # loopback only; apprise's mode=insecure sends AUTH in the clear
        auth_required=True,
    )
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()


@contextlib.contextmanager
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            payload = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path != f"/hooks/{receiver.token}":
                self.send_response(404)
            else:
                post = json.loads(payload)
                receiver.messages.append(Received(post.get("title", ""), post.get("message", "")))
                self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # quiet: no access log on stderr
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str, poll_s: float = 1.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(poll_s)
    raise AssertionError(f"gave up after {timeout_s} s waiting for {what}")

"""What the repository itself must never hold or drift from: secrets, and unpinned dependencies."""

from __future__ import annotations

import re
import subprocess
import tomllib

from tests.support.paths import REPO_ROOT

SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),
    "Slack token": re.compile(r"xox[baprs]-[A-Za-z0-9-]{10,}"),
    "password assignment": re.compile(
        r"(?i)(password|passwd|secret|api_key)\s*[:=]\s*['\"][^'\"\s]{8,}['\"]"
    ),
    "PII key value": re.compile(r"CITY_PII_KEY\s*=\s*\S{8,}"),
}
# Sample data and the corpus are synthetic inputs, not configuration: they are scanned by the
# personal-data tests instead.
SKIPPED = ("data/sample/", "tests/corpus/", "requirements.lock", "tests/compat/")


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.splitlines() if not name.startswith(SKIPPED)]


def test_no_secret_is_committed() -> None:
    findings = []
    for name in _tracked_files():
        path = REPO_ROOT / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        findings += [f"{name}: {kind}" for kind, pattern in SECRET_PATTERNS.items() if pattern.search(text)]
    assert findings == []


def test_no_pii_key_file_is_tracked() -> None:
    assert [name for name in _tracked_files() if name.endswith(".pii_key")] == []


def test_every_locked_dependency_is_pinned_with_hashes() -> None:
    lock = (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")
    requirements = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", lock, flags=re.MULTILINE)
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n", 2)[2])
    assert len(requirements) > 50
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_the_lock_covers_every_declared_dependency() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = {
        name.lower().replace("_", "-")
        for name in re.findall(r"^([A-Za-z0-9_.-]+)==", (REPO_ROOT / "requirements.lock").read_text(), re.M)
    }
    names = {re.split(r"[<>=!\[ ]", requirement, maxsplit=1)[0].lower() for requirement in declared}
    assert names - locked == set()


def test_the_secret_patterns_catch_planted_secrets() -> None:
    planted = {
        "private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
        "AWS access key": "AKIA" + "ABCDEFGHIJKLMNOP",
        "GitHub token": "ghp_" + "a" * 36,
        "Slack token": "xoxb-" + "1234567890-abc",
        "password assignment": 'password = "' + "hunter2hunter2" + '"',
        "PII key value": "CITY_PII_KEY=" + "0123456789abcdef",
    }
    assert {kind for kind, text in planted.items() if SECRET_PATTERNS[kind].search(text)} == set(
        SECRET_PATTERNS
    )


def test_nothing_reads_outside_the_repository() -> None:
    """A clone has nothing beside it: no tracked file may point at a sibling folder of the repo."""
    outside = re.compile(r"""\.\./shared|parent\s*/\s*["']shared["']|parents\[\d\]\.parent""")
    findings = []
    for name in _tracked_files():
        path = REPO_ROOT / name
        if path.is_file() and path.suffix in {".py", ".sh", ".md", ".yml", ".yaml", ".toml", ".sql", ""}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            findings += [name for line in text.splitlines() if outside.search(line)][:1]
    assert findings == []

"""Where the repository and the vendored fixtures are, for tests at any depth of the tree."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# The real Bangkok Traffy Fondue sample, vendored with its provenance (tests/fixtures/traffy/README.md).
BANGKOK_SAMPLE = REPO_ROOT / "tests" / "fixtures" / "traffy" / "bangkok_dump_sample_2023-05.csv"

"""The scale generator (`scripts/generate_scale_data.py`) as a module, for tests that generate inputs.

`scripts/` is not a package, so the file is loaded by path, once.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.support.paths import REPO_ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_scale_data", REPO_ROOT / "scripts" / "generate_scale_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


GENERATOR = _load()

"""Named crash points, so tests can kill a run at an exact step and prove nothing is lost or mixed.

Set ``CITY_FAULT_CRASH_AT`` to a point's name and the process kills itself there with SIGKILL, as a
power cut or the OOM killer would: no cleanup, no ``finally``. Unset (always, in production) it costs one
environment lookup.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "CITY_FAULT_CRASH_AT"


def crash_point(name: str) -> None:
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)

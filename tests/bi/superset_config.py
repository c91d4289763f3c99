"""Superset settings for tests/bi/: a throwaway SQLite metadata database and nothing that leaves the host.

Loaded by Superset (``SUPERSET_CONFIG_PATH``) inside its own virtual environment, never imported by
pytest. Every value that differs between runs comes from the environment the test sets.
"""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]  # random per test run
SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.environ["SUPERSET_METADATA_DB"]
# No caches: every chart-data request must reach the snapshot, not an earlier answer.
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
# The test logs in a few times a second at most; the limiter's in-memory store only adds warnings.
RATELIMIT_ENABLED = False
# Plain HTTP on 127.0.0.1: no HTTPS redirects or HSTS.
TALISMAN_ENABLED = False
SQLLAB_ASYNC_TIME_LIMIT_SEC = 60

"""The city well-being platform's Dagster code location and its command-line tools."""

import os

# A run over a range of days (make run over a year of exports, a backfill) would otherwise record one
# "materialization planned" event per asset per day, about 16,000 for a year, minutes of SQLite writes
# before the first step starts; with this, one event per asset carries the range. The cost, per
# Dagster: the days of a failed run are not marked failed (the run itself is). The webserver and the
# daemon get it from the Makefile and the deployment's environment. See docs/decisions/010.
os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")

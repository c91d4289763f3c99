"""The resources every definition shares, and the executor the code location runs with."""

import dagster as dg

from orchestration.defs.automation.alerts import alert_settings
from orchestration.defs.warehouse.project import dbt_resource


@dg.definitions
def resources() -> dg.Definitions:
    # One process per run, steps in order: see docs/decisions/003-in-process-executor.md, and
    # 012-executor-and-fixed-costs.md for the multiprocess executor measured against it.
    return dg.Definitions(
        resources={"dbt": dbt_resource(), "alerts": alert_settings()},
        executor=dg.in_process_executor,
    )

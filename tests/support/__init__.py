"""Helpers shared by the tests: the one place a test imports from (never a conftest or another test).

Each module has one job: paths of the repository and its fixtures, platform runs, the servers the
integration tests start (PostgreSQL, Dagster UI, Superset), receivers for alerts, generated inputs,
the disclosure attacker.
"""

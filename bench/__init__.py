"""`make bench`: the platform side by side with a hand-written DuckDB floor and a pandas peer."""

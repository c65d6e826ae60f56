"""Prefect tasks: resolve ids, call one jobops function, persist. Retry policy lives here."""

"""Prefect flows: order, fan-out, threshold, run record, summary artifact. No business logic."""

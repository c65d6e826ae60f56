"""Job sources: one module per board. Each yields :class:`~jobops.sources.base.Listing` models."""

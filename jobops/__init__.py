"""jobops: the domain core. Plain Python; never imports prefect, fastapi, tasks, flows or api."""

__version__ = "0.1.0"

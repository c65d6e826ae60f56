"""FastAPI service: thin routes over jobops functions."""

"""The ``jobops`` command line: run the pipeline, serve the API, import a resume."""

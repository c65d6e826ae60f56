"""Resumes: the internal model, importers, and rendering to PDF."""

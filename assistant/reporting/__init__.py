"""Outputs: JSON and Markdown reports."""

"""Readers: .docx (tracked changes, numbering, tables, comments), .txt/.md into model.Document.

The entry point is `reading.read_document(path)`.
"""

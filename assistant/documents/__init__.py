"""Readers: .docx (tracked changes, numbering, tables, notes, comments), .pdf, .txt/.md.

The entry point is `reading.read_document(path)`; every reader returns a model.Document.
"""

"""Readers: .docx (tracked changes, tables), .txt/.md into model.Document."""

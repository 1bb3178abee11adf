"""Outputs: JSON, Markdown and HTML reports, the .docx redline and the PDF report."""

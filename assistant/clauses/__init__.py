"""Clause segmentation and restriction detection (the only package that imports spaCy)."""

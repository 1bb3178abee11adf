"""Clause segmentation and restriction detection (the only package that imports spaCy).

Importing the package imports spaCy without its command line first (`_lean_import`): every
module here imports spaCy, and this runs before any of them.
"""

from assistant.clauses._lean_import import import_spacy

import_spacy()

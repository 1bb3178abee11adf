"""spaCy, without its tests and without the languages the pipelines in models/ do not use.

Replaces the contributed hook, which collects every submodule, the tests and some 70 languages
included. All other submodules stay: Cython modules import Python ones at run time, out of
PyInstaller's sight. The languages kept are English, the language of the bundled pipelines (spacy
imports it by name when it loads one), and those spacy.registrations imports when it fills
the registry, which every spacy.load does.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

_LANGUAGES = {"en", "ja", "ko", "th", "vi", "xx", "zh"}


def _kept(name: str) -> bool:
    parts = name.split(".")
    if "tests" in parts:
        return False
    if len(parts) > 2 and parts[1] == "lang" and parts[2] not in _LANGUAGES:
        # spacy.lang's own modules (punctuation, tokenizer exceptions...) stay; other languages go.
        return not _is_language(parts[2])
    return True


def _is_language(name: str) -> bool:
    """Language packages are named by their ISO code: two or three lowercase letters, or xx."""
    return name.isalpha() and name.islower() and len(name) in (2, 3)


hiddenimports = collect_submodules("spacy", filter=_kept)
# Read at import time: the default configs, and the templates spacy.cli loads (spacy imports it).
datas = collect_data_files("spacy", includes=["default_config*.cfg", "cli/templates/*"])

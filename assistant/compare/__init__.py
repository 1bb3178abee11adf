"""Clause alignment across drafts and word diffs (the only importer of diff_match_patch)."""

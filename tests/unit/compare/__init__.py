"""Tests of assistant.compare: word diffs and clause alignment."""

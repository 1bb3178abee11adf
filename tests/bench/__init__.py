"""Benchmarks (run with `make bench`); nothing here is collected by pytest."""

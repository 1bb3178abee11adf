"""Redline Assistant: flags the safeguards a contract draft struck, weakened or hollowed out."""

from importlib import metadata

try:
    __version__ = metadata.version("redline-assistant")
except metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"

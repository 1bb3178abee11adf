"""The frozen program's entry point: what the `redline-assistant` console script runs."""

import sys

from assistant import cli

sys.exit(cli.main())

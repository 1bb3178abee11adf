"""`python -m assistant` runs the command line front end."""

import sys

from assistant import cli

sys.exit(cli.main())

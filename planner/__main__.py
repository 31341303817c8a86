"""``python -m planner`` = the ``wattbit`` command."""

import sys

from planner.cli import main

sys.exit(main())

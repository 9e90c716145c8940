"""``python -m evidence_desk.cli``: the command line without an installed script."""

import sys

from . import main

sys.exit(main())

"""`python -m grader` is `uv run grader`."""

import sys

from grader.cli.main import main

sys.exit(main())

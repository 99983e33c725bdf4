"""`uv run grader`: argument parsing and the commands; the work is done in the packages below."""

"""The CLI's two ways to exit with status 2, as argparse's own errors do."""


class UsageError(Exception):
    """Exit status 2: a bad option or target."""


class SetupError(UsageError):
    """Exit status 2: the machine or the grader's install must be fixed before grading."""

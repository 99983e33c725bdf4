"""The instructor's grader."""

"""Deliberately wrong submissions (catalog.py) that the grader must catch."""

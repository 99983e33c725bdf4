"""Hostile submissions for the grader's adversarial suite (tests/e2e/test_adversarial.py)."""

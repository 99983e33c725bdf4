"""Hostile submissions for the grader's adversarial suite (tests/test_adversarial.py)."""

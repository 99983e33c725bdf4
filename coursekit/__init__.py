"""Shared support for the course: data loading, checks and test strategies."""

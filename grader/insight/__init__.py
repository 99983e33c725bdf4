"""The instructor's reading of a class: the report (item analysis, clusters) and similarity."""

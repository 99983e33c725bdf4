"""Stage 13 part: lenet."""

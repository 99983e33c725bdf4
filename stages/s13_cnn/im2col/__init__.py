"""Stage 13 part: im2col."""

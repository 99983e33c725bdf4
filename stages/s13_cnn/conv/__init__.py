"""Stage 13 part: conv."""

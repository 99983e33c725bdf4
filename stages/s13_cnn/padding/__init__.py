"""Stage 13 part: padding."""

"""Stage 13 part: pooling."""

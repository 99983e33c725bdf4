"""Stage 13 part: lenet_torch."""

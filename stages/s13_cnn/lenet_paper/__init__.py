"""Stage 13 part: lenet_paper."""

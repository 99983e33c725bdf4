"""Stage 13, reference solutions: a CNN from scratch in NumPy, NHWC layout."""

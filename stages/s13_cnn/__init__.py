"""Stage 13: a CNN from scratch in NumPy, NHWC layout. Your code goes in the part modules."""

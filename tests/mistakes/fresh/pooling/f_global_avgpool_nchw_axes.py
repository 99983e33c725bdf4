"""global_avgpool_forward averages over axes (2, 3), as for NCHW, so it returns (N, H) means
over W and C instead of (N, C) means over H and W.
"""


CONCEPT = "global average over the wrong axes (NCHW habit)"
NAMED_BY = ("axis", "axes", "nchw", "(n, c)", "over h and w", "layout")
LISTED = True


def global_avgpool_forward(x):
    return x.mean(axis=(2, 3), dtype=x.dtype), x.shape

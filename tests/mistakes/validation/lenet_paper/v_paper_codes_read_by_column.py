"""bitmap_codes flattens each 12x7 bitmap column by column instead of row by row."""

import numpy as np

CONCEPT = "bitmaps flattened column by column (transposed) instead of row by row"
NAMED_BY = ("column by column", "column-major", "row by row", "transposed", "read order")
LISTED = False


def bitmap_codes(bitmaps):
    b = np.asarray(bitmaps)
    return np.where(b.transpose(0, 2, 1).reshape(len(b), -1) > 0, 1.0, -1.0)

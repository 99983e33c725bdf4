"""bitmap_codes flattens each 12x7 bitmap column by column (its transpose) instead of row by
row."""

import numpy as np

CONCEPT = "bitmaps read column by column instead of row by row"
NAMED_BY = (
    "row by row",
    "column by column",
    "transposed",
    "column order",
    "column-major",
    "order='f'",
    "fortran",
)
LISTED = False


def bitmap_codes(bitmaps):
    b = np.asarray(bitmaps).transpose(0, 2, 1)
    return np.where(b.reshape(len(b), -1) > 0, 1.0, -1.0)

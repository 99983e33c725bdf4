"""bitmap_codes reads each 12x7 bitmap column by column (a transposed flatten) instead of row
by row.
"""

import numpy as np

CONCEPT = "bitmaps flattened column by column instead of row by row"
NAMED_BY = ("row by row", "column by column", "transpos", "column-major", "row-major",
            "flatten order", "order of the pixels")
LISTED = False


def bitmap_codes(bitmaps):
    b = np.asarray(bitmaps).transpose(0, 2, 1)
    return np.where(b.reshape(len(b), -1) > 0, 1.0, -1.0)

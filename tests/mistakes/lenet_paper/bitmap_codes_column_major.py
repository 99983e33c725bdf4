"""bitmap_codes reads each bitmap column by column instead of row by row."""

import numpy as np

DIAGNOSIS = (
    "bitmaps read column by column: each 12x7 bitmap is read row by row, reshape(10, 84)"
)


def bitmap_codes(bitmaps):
    b = np.asarray(bitmaps).transpose(0, 2, 1)
    return np.where(b.reshape(len(b), -1) > 0, 1.0, -1.0)

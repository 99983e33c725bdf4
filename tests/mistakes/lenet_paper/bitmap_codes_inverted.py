"""bitmap_codes maps ink to -1 and paper to +1."""

import numpy as np

DIAGNOSIS = "codes inverted: ink (a 1 in the bitmap) is +1, paper -1"


def bitmap_codes(bitmaps):
    return np.where(np.asarray(bitmaps).reshape(len(bitmaps), -1) > 0, -1.0, 1.0)

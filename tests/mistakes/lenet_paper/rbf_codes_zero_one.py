"""bitmap_codes maps the bitmaps to 0/1 codes instead of -1/+1."""

import numpy as np

DIAGNOSIS = "codes of 0/1 instead of -1/+1: ink is +1, paper -1"



def bitmap_codes(bitmaps):
    return (np.asarray(bitmaps).reshape(len(bitmaps), -1) > 0).astype(np.float64)

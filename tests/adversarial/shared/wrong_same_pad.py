"""same_pad wrong on top of the reference (so the control is not full marks).
"""

# ---- appended to the submission below this line

def same_pad(kernel):
    return kernel // 2 + 1  # wrong: off by one, and no error for even kernels

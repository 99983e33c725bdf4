"""Max pooling compares with >= so that, on a tie, the last equal maximum in the window wins
instead of the first (torch's and the contract's choice)."""

from ._maxpool import install

DIAGNOSIS = (
    "the last max wins on ties: ties go to the first maximum in row-major window order "
    "(np.argmax does this; a >= comparison picks the last one)"
)



def last_max(windows):
    # `if v >= best:` keeps the last of equal maxima, not the first
    return windows.shape[3] - 1 - windows[:, :, :, ::-1].argmax(axis=3)


install(window_argmax=last_max)

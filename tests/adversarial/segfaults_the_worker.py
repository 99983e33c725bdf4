"""Attack segfaults_the_worker: same_pad(7) dereferences NULL through ctypes (SIGSEGV), after
disabling faulthandler.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "statuses": ("ok", "crashed"),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
    "feedback": ("SIGSEGV", "worker"),
}

# ---- appended to the submission below this line

def _adv_attack():
    import ctypes
    import faulthandler
    faulthandler.disable()
    ctypes.string_at(0)
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

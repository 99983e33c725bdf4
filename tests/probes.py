"""Functions appended to a submission's padding.py to probe the worker from the inside:
echo data, raise, spin, exit, print, fork, allocate, connect, read, forge responses."""

PROBES = '''

# ---- probes: "learner" code appended by tests/worker/
import os as _os
import socket as _socket
import sys as _sys
import time as _time


def probe_write_into(a):
    a[...] = 0
    return a


def probe_echo(*args, **kwargs):
    return args, kwargs


def probe_raise(kind, msg):
    import builtins
    if kind == "custom":
        class CustomError(Exception):
            pass
        raise CustomError(msg)
    if kind == "axis":
        raise np.exceptions.AxisError(msg)
    raise getattr(builtins, kind)(msg)


def probe_stub():
    raise NotImplementedError("pad2d: implement me")


def probe_sleep(seconds):
    _time.sleep(seconds)


def probe_spin():
    while True:
        pass


def probe_exit(how):
    if how == "os._exit":
        _os._exit(0)
    if how == "sys.exit":
        _sys.exit(3)
    import ctypes
    ctypes.string_at(0)  # a real segfault (a pid 1 ignores signals it sends itself)


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), bool)


class Liar:
    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        return np.zeros(3)


def probe_subclass(a):
    return a.view(LyingArray)


def probe_liar():
    return Liar()


def probe_lying_int():
    class LyingInt(int):
        def __eq__(self, other):
            return True
    return LyingInt(3)


class Box:
    def __init__(self, x):
        self.x = x


def probe_cache_forward(x):
    return 2 * x, Box(x)


def probe_cache_backward(dout, cache):
    return dout * cache.x


def probe_generator(n):
    for i in range(n):
        yield i, np.full(2, i)


def probe_allocate(gigabytes):
    return float(np.ones(int(gigabytes * 2**30) // 8).sum())


def probe_connect(port):
    try:
        _socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return "connected"
    except OSError as e:
        return f"{type(e).__name__}: {e}"


def probe_read(path):
    try:
        with open(path, "rb") as f:
            return len(f.read())
    except OSError as e:
        return f"{type(e).__name__}: {e}"


def probe_print(n):
    _sys.stdout.write("S13W" + "{" * n + "\\n")
    _os.write(1, b"\\x00\\x00\\x00\\x10 raw bytes on fd 1\\n")
    print("to stderr", file=_sys.stderr)
    return n


def probe_fork(n):
    """Forks up to n children that sleep; returns how many forks succeeded."""
    count = 0
    for _ in range(n):
        try:
            pid = _os.fork()
        except OSError:
            break
        if pid == 0:
            _time.sleep(60)
            _os._exit(0)
        count += 1
    return count


def probe_hold(children, mib, seconds=20.0):
    """Forks `children` processes that each fill `mib` MiB and keep it; returns how many
    held it at once (each reports on a pipe, then sleeps until the call ends)."""
    r, w = _os.pipe()
    started = 0
    for _ in range(children):
        try:
            pid = _os.fork()
        except OSError:
            break
        if pid == 0:
            try:
                held = np.ones(mib << 20, dtype=np.uint8)  # every page touched
                _os.write(w, b"1" if held.sum() else b"0")
            except MemoryError:
                _os.write(w, b"0")
            _time.sleep(seconds)
            _os._exit(0)
        started += 1
    _os.close(w)
    answers = b""
    end = _time.monotonic() + seconds
    while len(answers) < started and _time.monotonic() < end:
        chunk = _os.read(r, 64)
        if not chunk:
            break
        answers += chunk
    return answers.count(b"1")


def probe_burn(seconds, children=0):
    """Burns `seconds` of CPU time here and as much in each of `children` forked processes
    (in new sessions: detached), which exit when done; returns this process's share."""
    def burn():
        end = _time.process_time() + seconds
        while _time.process_time() < end:
            pass
    for _ in range(children):
        if _os.fork() == 0:
            _os.setsid()
            burn()
            _os._exit(0)
    burn()
    for _ in range(children):
        _os.wait()
    return seconds


def probe_fork_bomb():
    while True:
        try:
            _os.fork()
        except OSError:
            _time.sleep(0.05)


def probe_forge(kind):
    """Writes a forged response frame on the worker's response pipe, then hangs."""
    import json
    caller = _sys._getframe(1).f_locals  # the worker's dispatch(): its self and request
    frames, seq = caller["self"].frames, caller["h"]["seq"]
    fd = json.loads(_sys.argv[1])["fds"][1]
    blob = frames.array_to_npy(np.zeros(2, dtype=np.float32))
    if kind == "garbage":
        _os.write(fd, b"not a frame at all, just bytes" * 10)
    elif kind == "pickle":
        import io
        f = io.BytesIO()
        np.save(f, np.array([{"x": 1}], dtype=object), allow_pickle=True)
        a = {"a": 0, "dt": "|O", "sh": [1], "ro": False}
        frames.write_frame(fd, {"seq": seq, "ok": a}, [f.getbuffer()])
    elif kind == "wrong-dtype":
        a = {"a": 0, "dt": "<f8", "sh": [2], "ro": False}
        frames.write_frame(fd, {"seq": seq, "ok": a}, [blob])
    elif kind == "unknown-tag":
        frames.write_frame(fd, {"seq": seq, "ok": {"object": "os.system"}}, [])
    elif kind == "stray-blob":
        frames.write_frame(fd, {"seq": seq, "ok": 1}, [blob])
    _time.sleep(30)
'''

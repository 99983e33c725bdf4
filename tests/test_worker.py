"""The confined worker (grader/worker): learner code runs in a worker process and only data
comes back. Submissions are copies of solutions/s13_cnn, with "learner" probe functions
appended to padding.py where a test needs hostile or odd behaviour.

Most tests share one worker (module scope); the ones that must kill it, fork in it, or
need a different submission start their own. Isolation tests skip, with the reason
confinement() gives, where this machine does not allow the isolation.
"""

from __future__ import annotations

import copy
import gc
import os
import shutil
import socket
import time
from pathlib import Path

import numpy as np
import pytest

from coursekit.seam import MODULES, PROJECT_ROOT, ImplementationError
from grader.worker import (
    Handle,
    Limits,
    ProtocolError,
    WorkerCrashed,
    WorkerImpl,
    WorkerTimeout,
    frames,
)
from grader.worker.sandbox import DIR_PREFIX, process_uids, sweep_stale

SOLUTIONS = PROJECT_ROOT / "solutions" / "s13_cnn"

PROBES = '''

# ---- probes: "learner" code appended by tests/test_worker.py
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


def make_submission(root: Path, patch: dict[str, str] | None = None) -> Path:
    """A copy of the reference solutions under root/s13_cnn, with text appended to or
    replacing modules: {"padding/padding.py": "+<text to append>" | "<new content>"}."""
    shutil.copytree(SOLUTIONS, root / "s13_cnn", ignore=shutil.ignore_patterns("__pycache__"))
    for rel, text in (patch or {}).items():
        path = root / "s13_cnn" / rel
        if text.startswith("+"):
            path.write_text(path.read_text() + text[1:])
        else:
            path.write_text(text)
    return root


@pytest.fixture(scope="module")
def impl(tmp_path_factory):
    root = make_submission(tmp_path_factory.mktemp("sub"), {"padding/padding.py": "+" + PROBES})
    implementation = WorkerImpl(root, call_timeout=20.0)
    yield implementation
    implementation.close()


@pytest.fixture
def fresh(tmp_path):
    """A WorkerImpl of its own, for tests that fork or change limits."""
    made = []

    def start(**kwargs):
        root = make_submission(tmp_path / f"sub{len(made)}", {"padding/padding.py": "+" + PROBES})
        made.append(WorkerImpl(root, **kwargs))
        return made[-1]

    yield start
    for implementation in made:
        implementation.close()


def conv_reference(x, w, b, stride, pad):
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    KH, KW = w.shape[:2]
    win = np.lib.stride_tricks.sliding_window_view(xp, (KH, KW), axis=(1, 2))
    win = win[:, ::stride, ::stride]  # (N, H_out, W_out, C, KH, KW)
    return np.einsum("nhwcij,ijcf->nhwf", win, w) + b


# ---------------------------------------------------------------------------- the wire


def _blob(a: np.ndarray) -> bytearray:
    return bytearray(b"".join(bytes(memoryview(p)) for p in frames.array_to_npy(a)))


def test_npy_blobs_are_what_np_save_writes_and_are_checked_strictly():
    import io

    for a in (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.ones((2, 3), np.int16)),
              np.array(True), np.zeros((0, 4), ">f4")):
        saved = io.BytesIO()
        np.save(saved, a)
        assert _blob(a) == saved.getvalue()
        back = frames.npy_to_array(_blob(a), a.dtype.str, list(a.shape))
        assert type(back) is np.ndarray and back.flags.writeable
        np.testing.assert_array_equal(back, a)
    good = _blob(np.arange(3.0))
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    bad = [
        (bytearray(pickled.getvalue()), "|O", [1]),  # an object array: a pickle inside
        (good, "<f4", [3]),  # another dtype than the blob's
        (good, "<f8", [4]),  # another shape
        (good + b"\0" * 8, "<f8", [3]),  # extra bytes
        (good[:-8], "<f8", [3]),  # missing bytes
        (good, "<c16", [3]),  # not numeric/bool
        (_blob(np.zeros(2, "u1,u1")), "|V2", [2]),  # structured
        (good, "<f8", [1] * 65 + [3]),  # more dimensions than numpy allows
    ]
    for blob, dtype, shape in bad:
        with pytest.raises(frames.FrameError):
            frames.npy_to_array(blob, dtype, shape)


def test_frames_are_read_strictly():
    def read(data: bytes, **kw):
        r, w = os.pipe()
        os.write(w, data)
        os.close(w)
        try:
            return frames.read_frame(r, **kw)
        finally:
            os.close(r)

    ok = b"".join(bytes(memoryview(p)) for p in frames.encode_frame({"seq": 1}, [b"ab"]))
    assert read(ok) == ({"seq": 1}, [bytearray(b"ab")])
    with pytest.raises(frames.FrameError, match="magic"):
        read(b"XXXX" + ok[4:])
    with pytest.raises(frames.FrameError, match="exceeds"):
        read(ok, max_bytes=4)
    with pytest.raises(frames.FrameEOF):
        read(ok[:-1])
    for header in (b"[1]", b'{"x": NaN}', b"\xff"):
        bad = frames.PREFIX.pack(frames.MAGIC, len(header), 0) + header
        with pytest.raises(frames.FrameError):
            read(bad)


# ---------------------------------------------------------------------------- the seam


def test_interface_matches_the_seam(impl):
    assert impl.kind == "worker"
    for part in MODULES:
        assert getattr(impl, part) is not None
    with pytest.raises(AttributeError, match="no part"):
        impl.nonexistent  # noqa: B018


@pytest.mark.parametrize(
    "a",
    [
        np.arange(12, dtype=np.float64).reshape(3, 4),
        np.arange(6, dtype=np.float32).reshape(1, 2, 3),
        np.arange(5, dtype=np.int8),
        np.array([1, 2, 70000], dtype=np.uint32),
        np.array([True, False]),
        np.array(2.5, dtype=np.float16),
        np.zeros((0, 3)),
        np.arange(6, dtype=">f8"),
        np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        np.arange(20.0).reshape(4, 5)[::2, 1:],
    ],
    ids=lambda a: f"{a.dtype.str}{a.shape}",
)
@pytest.mark.parametrize("writeable", [True, False])
def test_arrays_round_trip_exactly(impl, a, writeable):
    a = a.copy(order="K")
    a.setflags(write=writeable)
    (back,), kwargs = impl.padding.probe_echo(a, key=a)
    for r in (back, kwargs["key"]):
        assert type(r) is np.ndarray
        assert r.dtype == a.dtype and r.dtype.str == a.dtype.str and r.shape == a.shape
        np.testing.assert_array_equal(r, a)
        assert r.flags.writeable == writeable


def test_writing_into_a_read_only_argument_fails_as_in_process(impl):
    a = np.ones((2, 3))
    a.setflags(write=False)
    with pytest.raises(ValueError, match="read-only") as info:
        impl.padding.probe_write_into(a)
    assert "s13_cnn/padding/padding.py" in str(info.value)  # the learner's traceback
    b = np.ones((2, 3))
    np.testing.assert_array_equal(impl.padding.probe_write_into(b), np.zeros((2, 3)))
    np.testing.assert_array_equal(b, np.ones((2, 3)))  # a copy crossed, not the grader's array


def test_scalars_dtypes_and_containers_round_trip(impl):
    sent = (
        1, -(2**70), 2.5, float("nan"), float("-inf"), True, None, "s",
        np.float32(1.5), np.int64(-3), np.uint8(7), np.bool_(True),
        np.float32, np.dtype("int16"), float, int,
        (1, [2, {"k": (3,)}]), [], {},
    )
    args, kwargs = impl.padding.probe_echo(*sent, key="v")
    assert kwargs == {"key": "v"}
    assert len(args) == len(sent)
    for got, want in zip(args, sent, strict=True):
        assert type(got) is type(want), (got, want)
        if isinstance(want, float) and np.isnan(want):
            assert np.isnan(got)
        else:
            assert got == want
    assert isinstance(args[13], np.dtype)


def test_tensors_cross_as_arrays_with_dtype_shape_device_named(fresh):
    import torch

    impl = fresh(call_timeout=180.0)  # the worker imports torch on first use: seconds

    sent = [torch.arange(6, dtype=torch.float32).reshape(2, 3).t(),  # not contiguous
            torch.zeros(0, 4, dtype=torch.int64),
            torch.ones(3, dtype=torch.float64).requires_grad_(True), torch.float64]
    (got, *_), _ = impl.padding.probe_echo(sent)
    for g, want in zip(got, sent, strict=True):
        if isinstance(want, torch.dtype):
            assert g is want
            continue
        assert type(g) is torch.Tensor and g.dtype == want.dtype and g.shape == want.shape
        assert g.device.type == "cpu" and g.requires_grad == want.requires_grad and g.is_leaf
        assert torch.equal(g.detach(), want.detach())


def test_malformed_tensors_are_protocol_errors():
    from grader.worker.codec import Decoder

    blob = frames.array_to_npy(np.zeros(2, np.float32))
    good = {"tn": 0, "dt": "<f4", "sh": [2], "dev": "cpu", "rg": False}
    for bad in ({"dev": "cuda;rm"}, {"dev": "meta"}, {"rg": 1}, {"sh": [3]}, {"dt": "|O"}):
        decoder = Decoder([bytearray(b"".join(bytes(p) for p in blob))], None, None)
        with pytest.raises(ProtocolError):
            decoder.result(good | bad)
    with pytest.raises(ProtocolError):
        Decoder([], None, None).result({"tdtype": "complex128"})


def test_arguments_that_are_not_data_are_refused(impl):
    with pytest.raises(TypeError, match="int seeds"):
        impl.padding.probe_echo(np.random.default_rng(0))
    with pytest.raises(TypeError, match="cannot send"):
        impl.padding.probe_echo(object())
    with pytest.raises(TypeError, match="numeric or bool"):
        impl.padding.probe_echo(np.array(["a", "b"]))


def test_reference_functions_give_the_reference_results(impl):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 7, 7, 3))
    w = rng.standard_normal((3, 3, 3, 4))
    b = rng.standard_normal(4)
    for arr in (x, w, b):
        arr.setflags(write=False)
    out, cache = impl.conv.conv_forward(x, w, b, stride=2, pad=1)
    np.testing.assert_allclose(out, conv_reference(x, w, b, 2, 1), rtol=1e-12, atol=1e-12)
    dx, dw, db = impl.conv.conv_backward(np.ones_like(out), cache)  # the cache passed back
    assert dx.shape == x.shape and dw.shape == w.shape
    np.testing.assert_allclose(db, np.full(4, out.shape[0] * out.shape[1] * out.shape[2]))
    assert impl.padding.same_pad(5) == 2
    with pytest.raises(ValueError):
        impl.padding.same_pad(4)


def test_a_cache_that_is_not_data_travels_as_a_handle(impl):
    x = np.arange(4.0)
    out, cache = impl.padding.probe_cache_forward(x)
    assert isinstance(cache, Handle) and "Box" in repr(cache)
    np.testing.assert_array_equal(cache.x, x)
    np.testing.assert_array_equal(impl.padding.probe_cache_backward(np.ones(4), cache), x)
    with pytest.raises(TypeError, match="cannot be copied"):
        copy.copy(cache)


def test_conv2d_handle_forward_backward_getattr_setattr(impl):
    layer = impl.conv.Conv2D(3, 4, 3, pad=1, rng=0, dtype=np.float32)
    assert isinstance(layer, Handle) and "Conv2D" in repr(layer)
    x = np.random.default_rng(1).standard_normal((2, 5, 5, 3)).astype(np.float32)
    w = layer.w
    assert type(w) is np.ndarray and w.dtype == np.float32 and w.shape == (3, 3, 3, 4)
    y1 = layer.forward(x)
    np.testing.assert_allclose(y1, conv_reference(x, w, layer.b, 1, 1), rtol=1e-5, atol=1e-5)
    dx = layer.backward(np.ones_like(y1))
    assert dx.shape == x.shape and layer.dw.shape == w.shape
    layer.w = 2 * w
    np.testing.assert_allclose(layer.forward(x), 2 * y1, rtol=1e-5, atol=1e-5)
    layer.input_grad = False
    assert layer.backward(np.ones_like(y1)) is None
    with pytest.raises(AttributeError):
        layer.no_such_attribute  # noqa: B018
    with pytest.raises(TypeError, match="not callable"):
        layer()


def test_lenet_params_and_nested_handles(impl):
    model = impl.lenet.LeNet5(rng=0)
    params = list(model.params())
    names = [name for name, _, _ in params]
    assert names == [f"{layer}.{p}" for layer in ("c1", "c3", "c5", "f6", "f7") for p in "wb"]
    assert sum(value.size for _, value, _ in params) == 61_706
    np.testing.assert_array_equal(params[0][1], model.c1.w)
    layers = model.layers
    assert type(layers) is list and all(isinstance(h, Handle) for h in layers)
    x = np.zeros((2, 28, 28, 1))
    assert model.forward(x).shape == (2, 10)
    assert model.backward(np.ones((2, 10))) is None
    with pytest.raises(TypeError, match="iterate"):
        iter(model)


def test_generators_are_materialised(impl):
    items = impl.padding.probe_generator(3)
    assert type(items) is list and len(items) == 3
    np.testing.assert_array_equal(items[2][1], [2, 2])


def test_handles_are_released(impl):
    layer = impl.conv.Conv2D(1, 1, 1, rng=0)
    hid = layer._h_id
    del layer
    gc.collect()
    assert hid in impl._released
    impl.padding.same_pad(3)  # the release rides on the next request
    assert hid not in impl._released


# ---------------------------------------------------------------------------- exceptions


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("ValueError", ValueError),
        ("TypeError", TypeError),
        ("KeyError", KeyError),
        ("IndexError", IndexError),
        ("ZeroDivisionError", ZeroDivisionError),
        ("AssertionError", AssertionError),
        ("MemoryError", MemoryError),
        ("StopIteration", RuntimeError),
        ("axis", ValueError),  # numpy's AxisError: its nearest allowed builtin base
        ("custom", ImplementationError),
        ("OSError", ImplementationError),
    ],
)
def test_exceptions_arrive_as_builtins(impl, kind, expected):
    with pytest.raises(expected) as info:
        impl.padding.probe_raise(kind, "the learner's message")
    assert type(info.value) is expected
    text = info.value.args[0]  # (str() of a KeyError is the repr of this)
    assert "the learner's message" in text
    assert "s13_cnn/padding/padding.py" in text and "probe_raise" in text
    assert {"axis": "AxisError", "custom": "CustomError"}.get(kind, kind) in text


def test_not_implemented_propagates(impl):
    with pytest.raises(NotImplementedError, match="pad2d: implement me"):
        impl.padding.probe_stub()


def test_import_errors_are_reported_on_first_use(tmp_path):
    root = make_submission(tmp_path, {
        "conv/conv.py": "+\ndef broken(:\n    pass\n",
        "pooling/pooling.py": "+\nimport a_module_that_does_not_exist\n",
    })
    impl = WorkerImpl(root, call_timeout=20.0)
    try:
        assert impl.padding.same_pad(3) == 1  # other modules are unaffected
        with pytest.raises(SyntaxError) as info:
            impl.conv.conv_forward  # noqa: B018
        assert "conv/conv.py" in str(info.value) and "broken" in str(info.value)
        with pytest.raises(ModuleNotFoundError, match="a_module_that_does_not_exist"):
            impl.pooling.maxpool_forward(np.zeros((1, 2, 2, 1)))
    finally:
        impl.close()


# ---------------------------------------------------------------------------- results that lie


@pytest.mark.parametrize("probe", ["probe_subclass", "probe_liar", "probe_lying_int"])
def test_objects_that_are_not_data_come_back_as_handles(impl, probe):
    expected = np.zeros(3)
    r = getattr(impl.padding, probe)(expected) if probe == "probe_subclass" else (
        getattr(impl.padding, probe)())
    assert isinstance(r, Handle) and not isinstance(r, (np.ndarray, int))
    with pytest.raises(TypeError, match="not data"):
        np.asarray(r)
    for compare in (lambda: r == expected, lambda: expected == r, lambda: r == 3):
        try:
            assert compare() is not True and not np.all(compare())
        except TypeError:
            pass
    assert not np.array_equal(r, expected)


@pytest.mark.parametrize("kind", ["garbage", "pickle", "wrong-dtype", "unknown-tag", "stray-blob"])
def test_malformed_responses_are_protocol_errors_and_restart(impl, kind):
    with pytest.raises(ProtocolError):
        impl.padding.probe_forge(kind)
    assert impl.padding.same_pad(3) == 1  # a fresh worker


# ---------------------------------------------------------------------------- the process


def test_an_infinite_loop_times_out_and_the_next_call_works(impl):
    layer = impl.conv.Conv2D(1, 1, 1, rng=0)
    impl.set_deadline(1.0)
    try:
        t0 = time.monotonic()
        with pytest.raises(WorkerTimeout, match=r"timed out after 1 s"):
            impl.padding.probe_spin()
        assert time.monotonic() - t0 < 5
    finally:
        impl.set_deadline(None)
    assert impl.padding.same_pad(3) == 1
    with pytest.raises(WorkerCrashed, match="stale handle"):
        layer.forward(np.zeros((1, 2, 2, 1)))


def test_the_call_timeout_applies_without_a_deadline(impl):
    impl.call_timeout = 0.5
    try:
        with pytest.raises(WorkerTimeout, match=r"timed out after 0.5 s"):
            impl.padding.probe_spin()
    finally:
        impl.call_timeout = 20.0


def test_a_function_that_timed_out_fails_fast_afterwards(fresh):
    impl = fresh(call_timeout=1.0, remember_timeouts=True)
    with pytest.raises(WorkerTimeout, match=r"timed out after 1 s"):
        impl.padding.probe_spin()
    t0 = time.monotonic()
    with pytest.raises(WorkerTimeout, match="probe_spin timed out earlier"):
        impl.padding.probe_spin()
    assert time.monotonic() - t0 < 0.5 and impl._state.proc is None  # no worker started
    assert impl.padding.same_pad(3) == 1  # other functions are called as before
    assert impl.timed_out == {"padding.probe_spin": 1.0}


def test_a_spent_deadline_fails_fast_without_starting_a_worker(impl):
    with pytest.raises(WorkerCrashed):
        impl.padding.probe_exit("os._exit")
    impl.set_deadline(0.0)
    try:
        with pytest.raises(WorkerTimeout, match="time budget"):
            impl.padding.same_pad(3)
        assert impl._state.proc is None
    finally:
        impl.set_deadline(None)


@pytest.mark.parametrize("how, status", [("os._exit", "status 0"), ("sys.exit", "status 3"),
                                         ("segfault", "SIGSEGV")])
def test_a_worker_that_dies_mid_call_is_a_crash(impl, how, status):
    with pytest.raises(WorkerCrashed, match=status):
        impl.padding.probe_exit(how)
    assert impl.padding.same_pad(3) == 1


def test_printing_does_not_corrupt_the_protocol(impl):
    assert impl.padding.probe_print(5000) == 5000
    out = impl.output()
    assert "raw bytes on fd 1" in out["stdout"] and "to stderr" in out["stderr"]
    assert len(out["stdout"]) <= 4096


def test_a_huge_allocation_fails_inside_the_worker(impl):
    try:
        impl.padding.probe_allocate(50)
    except MemoryError:
        pass
    except WorkerCrashed:
        pass
    else:
        pytest.fail("allocating 50 GB succeeded")
    assert impl.padding.same_pad(3) == 1


# ---------------------------------------------------------------------------- confinement


def test_confinement_is_reported(impl):
    c = impl.confinement()
    assert c["python"]["isolated"] and "-I" in c["python"]["flags"]
    assert c["limits"]["as"] == [Limits().address_space] * 2
    assert c["limits"]["nproc"] == [64, 64] and c["limits"]["core"] == [0, 0]
    assert c["stdin"] == "/dev/null"
    assert "OPENBLAS_NUM_THREADS" in c["env"] and "PYTHONPATH" not in c["env"]
    if os.geteuid() == 0:
        assert c["user"]["switched"] and c["user"]["uid"] != 0, c["user"]
    for key in ("network", "filesystem"):
        assert c[key]["isolated"] or c[key]["reason"], c[key]


def test_no_network_inside_the_worker(impl):
    net = impl.confinement()["network"]
    if not net["isolated"]:
        pytest.skip(f"network not isolated here: {net['reason']}")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        socket.create_connection(("127.0.0.1", port), timeout=2).close()  # works out here
        assert impl.padding.probe_connect(port) != "connected"


def test_the_project_tree_is_invisible_inside_the_worker(impl):
    fs = impl.confinement()["filesystem"]
    if not fs["isolated"]:
        pytest.skip(f"filesystem not isolated here: {fs['reason']}")
    for path in (PROJECT_ROOT / "pyproject.toml", SOLUTIONS / "conv" / "conv.py",
                 Path(__file__), Path("/etc/passwd")):
        assert path.exists()
        assert "FileNotFoundError" in str(impl.padding.probe_read(str(path))), path
    assert isinstance(impl.padding.probe_read("padding/padding.py"), str)  # cwd: submission
    assert isinstance(impl.padding.probe_read("s13_cnn/padding/padding.py"), int)


def _uid_processes(uid: int) -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and uid in process_uids(int(p))]


def _wait_for(condition, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.05)
    return condition()


def test_forks_are_bounded_and_do_not_outlive_the_worker(fresh):
    impl = fresh(call_timeout=20.0, limits=Limits(processes=16))
    c = impl.confinement()
    if not c["user"]["switched"]:
        pytest.skip(f"no user of its own for the worker: {c['user']['reason']}")
    uid = c["user"]["uid"]
    assert 0 < impl.padding.probe_fork(100) < 16  # RLIMIT_NPROC of the worker's own uid
    if c["pid_namespace"]["applied"]:  # the worker ends its strays after every call
        assert _wait_for(lambda: len(_uid_processes(uid)) == 1)
    impl.close()
    assert _wait_for(lambda: _uid_processes(uid) == [])


def test_a_fork_bomb_is_contained_and_killed(fresh):
    impl = fresh(call_timeout=1.0, limits=Limits(processes=16))
    c = impl.confinement()
    if not c["user"]["switched"]:
        pytest.skip(f"no user of its own for the worker: {c['user']['reason']}")
    uid = c["user"]["uid"]
    with pytest.raises(WorkerTimeout):
        impl.padding.probe_fork_bomb()
    assert _wait_for(lambda: _uid_processes(uid) == [])
    assert impl.padding.same_pad(3) == 1


def test_without_a_sandbox_the_same_calls_work_and_the_report_says_so(fresh):
    impl = fresh(call_timeout=20.0, sandbox="none")
    c = impl.confinement()
    assert c["mechanism"] == "none" and c["exposed"]  # the probes got through, unrefused
    assert not c["network"]["isolated"] and "loopback" in c["network"]["reason"]
    assert not c["filesystem"]["isolated"] and not c["user"]["switched"]
    assert c["python"]["isolated"] and c["limits"]["nproc"] == [64, 64]
    out, _ = impl.conv.conv_forward(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), np.zeros(1))
    np.testing.assert_array_equal(out, np.full((1, 2, 2, 1), 4.0))


def test_links_out_of_the_submission_are_refused(tmp_path):
    root = make_submission(tmp_path)
    (root / "s13_cnn" / "padding" / "padding.py").unlink()
    (root / "s13_cnn" / "padding" / "padding.py").symlink_to(Path(__file__))
    with pytest.raises(ValueError, match="links outside"):
        WorkerImpl(root)
    with pytest.raises(ValueError, match="sandbox must be"):
        WorkerImpl(make_submission(tmp_path / "other"), sandbox="chroot")


def test_require_mode_starts_only_fully_confined(impl, fresh):
    auto = impl.confinement()
    complete = all(auto[k]["isolated"] for k in ("network", "filesystem")) and all(
        (auto["pid_namespace"]["applied"], auto["user"]["switched"]))
    if complete:
        c = fresh(call_timeout=20.0, sandbox="require").confinement()
        assert c["network"]["isolated"] and c["filesystem"]["isolated"]
    else:
        with pytest.raises(WorkerCrashed, match="required but failed|user switch"):
            fresh(call_timeout=20.0, sandbox="require")


def test_folders_of_dead_graders_are_swept():
    import tempfile

    dead = Path(tempfile.gettempdir()) / f"{DIR_PREFIX}{2**22 + 1}-test"  # above any pid_max
    mine = Path(tempfile.mkdtemp(prefix=f"{DIR_PREFIX}{os.getpid()}-"))
    dead.mkdir(exist_ok=True)
    try:
        sweep_stale()
        assert not dead.exists() and mine.exists()
    finally:
        shutil.rmtree(mine, ignore_errors=True)
        shutil.rmtree(dead, ignore_errors=True)

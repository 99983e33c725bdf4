"""grader/worker/codec.py and proxy.py: values cross the boundary as data (arrays, scalars,
tensors) or handles, exceptions as builtins; anything else is refused. Submissions are
copies of solutions/s13_cnn with probe functions appended (tests/probes.py)."""

from __future__ import annotations

import copy
import gc

import numpy as np
import pytest
from trees import make_submission

from coursekit.seam import MODULES, ImplementationError
from grader.worker import (
    Handle,
    ProtocolError,
    WorkerImpl,
    frames,
)


def conv_reference(x, w, b, stride, pad):
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    KH, KW = w.shape[:2]
    win = np.lib.stride_tricks.sliding_window_view(xp, (KH, KW), axis=(1, 2))
    win = win[:, ::stride, ::stride]  # (N, H_out, W_out, C, KH, KW)
    return np.einsum("nhwcij,ijcf->nhwf", win, w) + b


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

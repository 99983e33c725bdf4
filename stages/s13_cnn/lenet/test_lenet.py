"""Part 5, LeNet-5: softmax_cross_entropy, the LeNet5 model, predict and train.

Run just this part:   uv run pytest stages/s13_cnn/lenet      (or: -m lenet)
The tests climb a ladder: the loss by hand and against central differences, then the
model's shapes and parameters, then its gradients, then training on small tasks (a few
seconds each). Fix the first failing rung first.
"""

import numpy as np
import pytest

from coursekit.anchors import (
    LENET_GRAD,
    LENET_RUNS,
    LENET_SHUFFLE,
    lenet_weights,
    shuffle_inputs,
    softmax_grad_inputs,
)
from coursekit.checks import (
    assert_close,
    assert_shape,
    check_dtype,
    numerical_gradient,
    readonly,
    unpack,
)
from coursekit.evidence import evidence
from coursekit.expected import LENET_INIT_SEED, LENET_PREDICT, lenet_images, lookup
from coursekit.expected import LENET_PARAM_SHAPES as PARAM_SHAPES
from coursekit.labels import accuracy
from coursekit.strategies import normal_array

pytestmark = pytest.mark.lenet


def images(n: int, seed: int, dtype=np.float64) -> np.ndarray:
    return readonly(normal_array(seed, (n, 28, 28, 1), dtype))


def set_weights(model, weights: dict) -> None:
    """Assign every parameter, model.<layer>.<w|b> = value (the test's, not your draw)."""
    for name, value in weights.items():
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, value)


def named_params(model, impl) -> list:
    """list(model.params()), whose names must be the contract's, in order (the evidence
    says what is wrong when they are not)."""
    params = list(model.params())
    names = [p[0] for p in params]
    if names != list(PARAM_SHAPES):
        said = evidence(impl, "lenet.LeNet5.structure", "parameter names in order").lines()
        raise AssertionError(f"parameter names: expected {list(PARAM_SHAPES)}, got {names}"
                             + "".join(f"\n  {line}" for line in said))
    return params


def grads_by_name(model, impl) -> dict:
    """{name: copy of its gradient} from model.params() (named_params)."""
    return {name: np.array(grad, copy=True) for name, _, grad in named_params(model, impl)}


def quadrant_blobs(n: int, seed: int):
    """Noisy 28x28 images with a bright 4x4 blob in one quadrant; the label is the quadrant
    (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, n)
    x = 0.3 * rng.standard_normal((n, 28, 28, 1))
    for i, q in enumerate(y):
        r, c = 14 * (q // 2) + rng.integers(2, 9), 14 * (q % 2) + rng.integers(2, 9)
        x[i, r : r + 4, c : c + 4, 0] += 2.0
    return readonly(x.astype(np.float32)), readonly(y)


# Rung 1: softmax cross-entropy -----------------------------------------------------------


def test_softmax_cross_entropy_hand_case(impl):
    """Row 0: logits 0, 0, 0 -> p = 1/3 each; row 1: ln 2, 0, 0 -> p = 1/2, 1/4, 1/4."""
    logits = readonly(np.array([[0.0, 0.0, 0.0], [np.log(2.0), 0.0, 0.0]]))
    y = readonly(np.array([0, 0]))
    loss, dlogits = unpack(
        impl.lenet.softmax_cross_entropy(logits, y), "loss", "dlogits", what="softmax_cross_entropy"
    )
    assert isinstance(loss, float), f"the loss must be a Python float, got {type(loss).__name__}"
    assert_close(
        loss,
        (np.log(3.0) + np.log(2.0)) / 2,
        what="mean loss",
        evidence=evidence(impl, "lenet.softmax_cross_entropy", "loss"),
    )
    # (softmax - onehot) / N with N = 2
    expected = np.array([[-1 / 3, 1 / 6, 1 / 6], [-1 / 4, 1 / 8, 1 / 8]])
    assert_close(
        dlogits,
        expected,
        what="dlogits",
        dtype=np.float64,
        evidence=evidence(impl, "lenet.softmax_cross_entropy", "dlogits"),
    )


def test_softmax_cross_entropy_gradient_matches_numerical(impl):
    """dlogits against central differences of the mean loss (itself checked against the
    stored loss), every element, float64."""
    logits, y = softmax_grad_inputs()  # 3 * normal (5, 10); labels 3, 0, 9, 3, 7
    loss, dlogits = unpack(
        impl.lenet.softmax_cross_entropy(logits, y), "loss", "dlogits", what="softmax_cross_entropy"
    )
    assert_close(
        loss,
        float(lookup("lenet", "softmax", "loss")),
        what="mean loss",
        evidence=evidence(impl, "lenet.softmax_cross_entropy", "loss"),
    )
    num = numerical_gradient(lambda z: impl.lenet.softmax_cross_entropy(z, y)[0], logits)
    assert_close(
        dlogits,
        num,
        what="dlogits",
        rtol=1e-5,
        atol=1e-8,
        evidence=evidence(impl, "lenet.softmax_cross_entropy", "dlogits"),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_cross_entropy_is_stable_for_large_logits(impl, dtype):
    """Logits of 1e4 stay finite: subtract each row's max before exp. dlogits keeps the dtype."""
    logits = readonly(np.array([[1e4, 0.0, -1e4], [0.0, 1e4, 1e4]], dtype=dtype))
    y = readonly(np.array([0, 2]))
    loss, dlogits = unpack(
        impl.lenet.softmax_cross_entropy(logits, y), "loss", "dlogits", what="softmax_cross_entropy"
    )
    # row 0 is certain and right (loss 0); row 1 splits 1/2, 1/2 between classes 1 and 2
    assert_close(
        loss,
        np.log(2.0) / 2,
        what="mean loss for logits of 1e4",
        atol=1e-6,
        evidence=evidence(impl, "lenet.softmax_cross_entropy", "loss"),
    )
    expected = np.array([[0.0, 0.0, 0.0], [0.0, 0.25, -0.25]])
    assert_close(
        dlogits,
        expected,
        what="dlogits for logits of 1e4",
        dtype=dtype,
        atol=1e-6,
        evidence=evidence(impl, "lenet.softmax_cross_entropy", "dlogits"),
    )


# Rung 2: the model's shapes, parameters and options -------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_lenet_output_shape_and_dtype(impl, dtype):
    """(N, 28, 28, 1) -> logits (N, 10) in the model's dtype."""
    model = impl.lenet.LeNet5(rng=0, dtype=dtype)
    logits = model.forward(images(3, 1, dtype))
    assert_shape(logits, (3, 10), "LeNet5.forward of (3, 28, 28, 1)")
    check_dtype(logits, dtype, "LeNet5.forward")
    assert np.all(np.isfinite(logits)), "LeNet5.forward returned NaN or inf"


def test_lenet_has_61706_parameters_with_named_gradients(impl):
    """params() yields c1.w, c1.b, ..., f7.b: 61,706 numbers, each grad shaped like its value."""
    model = impl.lenet.LeNet5(rng=0)
    model.forward(images(2, 2))
    model.backward(readonly(normal_array(3, (2, 10))))
    params = named_params(model, impl)
    for name, value, grad in params:
        assert_shape(value, PARAM_SHAPES[name], f"parameter {name}")
        assert_shape(grad, PARAM_SHAPES[name], f"gradient of {name}")
        assert np.any(grad), f"gradient of {name} is all zeros: did backward reach it?"
    total = sum(value.size for _, value, _ in params)
    assert total == 61_706, f"LeNet5 has {total} parameters, expected 61,706"


def test_lenet_is_built_from_one_seeded_generator(impl):
    """c1 then c3 draw from np.random.default_rng(rng): the same seed, the same model."""
    model = impl.lenet.LeNet5(rng=LENET_INIT_SEED)  # 3
    c1, c3 = (lookup("lenet", "init", f"{layer}.w") for layer in ("c1", "c3"))
    assert_close(
        model.c1.w,
        c1,
        what="LeNet5(rng=3).c1.w",
        evidence=evidence(impl, "lenet.LeNet5.init", "c1.w"),
    )
    assert_close(
        model.c3.w,
        c3,
        what="LeNet5(rng=3).c3.w (drawn after c1 from the same rng)",
        evidence=evidence(impl, "lenet.LeNet5.init", "c3.w"),
    )
    logits = model.forward(lenet_images())  # images(2, 4)
    assert_close(
        logits,
        lookup("lenet", "forward", "logits"),
        what="LeNet5(rng=3) logits",
        evidence=evidence(impl, "lenet.LeNet5.forward", "logits"),
    )
    again = impl.lenet.LeNet5(rng=3).forward(lenet_images())
    assert_close(again, logits, what="logits of a second LeNet5(rng=3)")


def test_lenet_logits_match_the_reference(impl):
    """LeNet5(rng=3) on two seeded images: the layers run conv, activation, pool twice, then
    C5, activation, flatten, F6, activation, F7."""
    logits = impl.lenet.LeNet5(rng=LENET_INIT_SEED).forward(lenet_images())
    expected = lookup("lenet", "forward", "logits")
    assert_close(
        logits,
        expected,
        what="LeNet5(rng=3).forward(images)",
        evidence=evidence(impl, "lenet.LeNet5.forward", "logits"),
    )


@pytest.mark.parametrize("pool", ["avg", "max"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_lenet_runs_with_every_activation_and_pool(impl, activation, pool):
    """Forward gives the stored logits on the test's weights; backward fills finite
    gradients."""
    prefix, seed, (n, image_seed) = LENET_RUNS
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=1)
    set_weights(model, lenet_weights(seed))
    logits = model.forward(images(n, image_seed))
    assert_shape(logits, (2, 10), f"LeNet5({activation!r}, {pool!r}).forward")
    expected = lookup("lenet", f"{prefix}_{activation}_{pool}", "logits")
    assert_close(
        logits,
        expected,
        what=f"LeNet5({activation!r}, {pool!r}).forward",
        evidence=evidence(impl, "lenet.LeNet5.forward", "logits"),
    )
    model.backward(readonly(normal_array(6, (2, 10))))
    for name, grad in grads_by_name(model, impl).items():
        assert_shape(grad, PARAM_SHAPES[name], f"gradient of {name}")
        assert np.all(np.isfinite(grad)), f"gradient of {name} has NaN or inf"
        assert np.any(grad), f"gradient of {name} is all zeros: did backward reach it?"


def test_lenet_rejects_unknown_activation_or_pool(impl):
    """A name outside relu/tanh/sigmoid or avg/max is a ValueError."""
    logits = impl.lenet.LeNet5(activation="tanh", pool="max", rng=0).forward(images(1, 0))
    assert_shape(logits, (1, 10), "LeNet5('tanh', 'max').forward")
    with pytest.raises(ValueError):
        impl.lenet.LeNet5(activation="gelu")
    with pytest.raises(ValueError):
        impl.lenet.LeNet5(pool="min")


@pytest.mark.parametrize("shape", [(2, 32, 32, 1), (2, 1, 28, 28), (2, 28, 28)])
def test_lenet_forward_rejects_other_input_shapes(impl, shape):
    """Only (N, 28, 28, 1): a 32x32 image, NCHW, or a missing channel axis is a ValueError."""
    model = impl.lenet.LeNet5(rng=0)
    assert_shape(model.forward(images(1, 0)), (1, 10), "LeNet5.forward")
    with pytest.raises(ValueError):
        model.forward(readonly(np.zeros(shape)))


# Rung 3: gradients of the whole model ---------------------------------------------------

CHECKED = [("c1", "w"), ("c1", "b"), ("c3", "w"), ("c5", "w"), ("f6", "w"), ("f7", "b")]


@pytest.mark.parametrize("activation, pool", [("tanh", "avg"), ("relu", "max")])
def test_lenet_gradients_match_numerical(impl, activation, pool):
    """For L = sum(logits * G): backward's gradients vs central differences, float64,
    at 5 seeded entries of each of c1.w, c1.b, c3.w, c5.w, f6.w, f7.b, on weights the test
    sets (your forward's logits checked first)."""
    prefix, seed, (n, image_seed) = LENET_GRAD
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0)
    set_weights(model, lenet_weights(seed))
    x, G = images(n, image_seed), readonly(normal_array(8, (2, 10)))
    expected = lookup("lenet", f"{prefix}_{activation}_{pool}", "logits")
    assert_close(
        model.forward(x),
        expected,
        what=f"LeNet5({activation!r}, {pool!r}).forward",
        evidence=evidence(impl, "lenet.LeNet5.forward", "logits"),
    )
    result = model.backward(G)
    assert result is None, f"LeNet5.backward must return None, got {type(result).__name__}"
    grads = grads_by_name(model, impl)
    for k, (lname, pname) in enumerate(CHECKED):
        layer = getattr(model, lname)
        original = np.array(getattr(layer, pname), copy=True)

        def loss(value, layer=layer, pname=pname):
            setattr(layer, pname, value)  # assign, never write into a returned array
            return float(np.vdot(model.forward(x), G))

        num = numerical_gradient(loss, original, sample=5, rng=k)
        setattr(layer, pname, original)
        assert_close(
            grads[f"{lname}.{pname}"],
            num,
            what=f"gradient of {lname}.{pname} ({activation}, {pool} pool)",
            where=~np.isnan(num),
            rtol=1e-5,
            atol=1e-7,
            evidence=evidence(impl, "lenet.LeNet5.backward", f"{lname}.{pname}"),
        )


# Rung 4: predict and train --------------------------------------------------------------


def test_lenet_predict_returns_int_labels_of_the_argmax(impl):
    """predict(x, batch_size): the class of the largest logit, as integers, in batches."""
    rng, n, seed = LENET_PREDICT
    model = impl.lenet.LeNet5(rng=rng)
    labels = model.predict(lenet_images(n, seed), batch_size=2)  # batches of 2, 2 and 1
    check_dtype(labels, np.integer, "LeNet5.predict",
                evidence=evidence(impl, "lenet.LeNet5.predict", "integers"))
    assert_close(
        labels,
        lookup("lenet", "predict", "labels"),
        what="LeNet5.predict",
        evidence=evidence(impl, "lenet.LeNet5.predict", "labels"),
    )


def test_train_overfits_a_fixed_batch_of_16(impl):
    """16 random images with random labels: Adam memorises them in 20 full-batch epochs."""
    x = images(16, 10, np.float32)
    y = readonly(np.random.default_rng(11).integers(0, 10, 16))
    model = impl.lenet.LeNet5(rng=0, dtype=np.float32)
    history = impl.lenet.train(model, x, y, epochs=20, batch_size=16, lr=3e-3, rng=0)
    assert isinstance(history, list) and len(history) == 20, "train returns one dict per epoch"
    keys = set(history[-1])
    assert keys == {"epoch", "loss", "accuracy"}, f"history entries: {keys}"
    if [h["epoch"] for h in history] != list(range(1, 21)):
        said = evidence(impl, "lenet.train", "epoch numbers").lines()
        raise AssertionError("epochs count from 1" + "".join(f"\n  {line}" for line in said))
    said = evidence(impl, "lenet.train", "epoch losses")
    assert history[-1]["loss"] < history[0]["loss"], "the training loss did not go down" + (
        said.said())
    assert history[-1]["accuracy"] == 1.0, (
        f"final train accuracy {history[-1]['accuracy']}" + said.said())
    assert_close(model.predict(x), np.asarray(y), what="predictions on the memorised batch",
                 evidence=said)


def test_train_learns_which_quadrant_holds_the_blob(impl):
    """64 training images, 3 epochs; at least 90% right on 100 new images."""
    x, y = quadrant_blobs(64, seed=1)
    x_test, y_test = quadrant_blobs(100, seed=2)
    model = impl.lenet.LeNet5(rng=0, dtype=np.float32)
    impl.lenet.train(model, x, y, epochs=3, batch_size=16, lr=3e-3, rng=0)
    right = accuracy(model.predict(x_test), y_test, what="LeNet5.predict of 100 new images")
    assert right >= 0.9, f"test accuracy {right:.2f} on the blob task, expected >= 0.90"


def test_train_shuffles_with_its_rng(impl):
    """The same rng, the same weights; another rng, another order of batches, other weights."""
    x, y = shuffle_inputs()  # 24 float32 images, their labels
    weights = lenet_weights(LENET_SHUFFLE[2], dtype=np.float32)

    def trained(seed, history=None):
        model = impl.lenet.LeNet5(rng=0, dtype=np.float32)
        set_weights(model, {name: np.array(value) for name, value in weights.items()})
        run = impl.lenet.train(model, x, y, epochs=1, batch_size=6, lr=3e-3, rng=seed)
        if history is not None:
            history.extend(run)
        return model.f7.w

    history: list = []
    first = trained(0, history)
    assert isinstance(history[0], dict), "train returns one dict per epoch"
    assert_close(
        history[0].get("loss"),
        float(lookup("lenet", "shuffle", "loss")),
        rtol=1e-4,
        what="the epoch loss of train(..., rng=0) from the test's weights",
        evidence=evidence(impl, "lenet.train", "epoch losses"),
    )
    assert_close(
        trained(0),
        first,
        what="f7.w after a second train(..., rng=0)",
        evidence=evidence(impl, "lenet.train", "f7.w after"),
    )
    assert not np.allclose(trained(1), first), (
        "train(..., rng=0) and train(..., rng=1) ended with the same weights: each epoch must "
        "shuffle the images with the rng it was given (rng.permutation(len(X)))"
    )


def test_train_rejects_unknown_optimizer(impl):
    """optimizer must be "sgd" or "adam"."""
    x, y = images(4, 12, np.float32), readonly(np.array([0, 1, 2, 3]))
    model = impl.lenet.LeNet5(rng=0, dtype=np.float32)
    before = np.array(model.f7.w)
    history = impl.lenet.train(model, x, y, epochs=1, batch_size=4, optimizer="sgd", rng=0)
    assert len(history) == 1, "train returns one dict per epoch"
    assert not np.array_equal(model.f7.w, before), "train(..., optimizer='sgd') left f7.w as it was"
    with pytest.raises(ValueError):
        impl.lenet.train(model, x, y, optimizer="rmsprop")

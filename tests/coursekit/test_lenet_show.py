"""coursekit/lenet_show.py: the learner's pictures fit a page, heat maps carry a colour bar,
one epoch is not drawn as lone dots, and a confusion matrix's counts are readable."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from coursekit import lenet_show

HISTORY = [{"epoch": 1, "loss": 1.45, "accuracy": 0.55, "test_accuracy": 0.71}]


@pytest.fixture
def figures(monkeypatch):
    """The figures the module saves, kept open for a look."""
    kept = []
    monkeypatch.setattr(lenet_show, "_save", lambda fig, path: kept.append(fig) or (
        fig.savefig(path, dpi=lenet_show.DPI), path)[1])  # fmt: skip
    return kept


def width(path) -> int:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])[0]


def colorbars(fig) -> int:
    return sum(ax.get_label() == "<colorbar>" for ax in fig.axes)


def test_every_picture_fits_a_page_and_heat_maps_have_colour_bars(tmp_path, figures):
    rng = np.random.default_rng(0)
    maps = {"c1": rng.normal(size=(28, 28, 6)), "s2": rng.normal(size=(14, 14, 6)),
            "c3": rng.normal(size=(10, 10, 16)), "s4": rng.normal(size=(5, 5, 16))}  # fmt: skip
    images = rng.random((20, 28, 28, 1))
    probs = rng.dirichlet(np.ones(10), size=20)
    y = rng.integers(0, 10, 20)
    paths = [
        lenet_show.plot_filters(rng.normal(size=(5, 5, 1, 6)), tmp_path / "f.png"),
        lenet_show.plot_feature_maps(images[:1], maps, tmp_path / "m.png"),
        lenet_show.plot_history(HISTORY * 1, tmp_path / "h.png"),
        lenet_show.plot_confusion(rng.integers(0, 50, (10, 10)), tmp_path / "c.png"),
        lenet_show.plot_mistakes(images, y, probs, np.arange(16), tmp_path / "x.png"),
    ]
    for path in paths:
        assert width(path) <= 1200, path.name
    filters, feature_maps, _, confusion, _ = figures
    assert colorbars(filters) == 1  # one scale for the six filters
    assert colorbars(feature_maps) == 1 + len(maps)  # the input and each layer's row
    assert colorbars(confusion) == 1


def test_one_epoch_is_bars_with_values_not_lone_dots(tmp_path, figures):
    lenet_show.plot_history(HISTORY, tmp_path / "h.png")
    lenet_show.plot_history([HISTORY[0], {**HISTORY[0], "epoch": 2, "loss": 0.9}],
                            tmp_path / "h2.png")  # fmt: skip
    one, two = figures
    for ax in one.axes:
        assert all(len(line.get_xdata()) != 1 for line in ax.get_lines())
        assert ax.patches and ax.texts  # bars, each with its value
    assert "1.45" in [t.get_text() for t in one.axes[0].texts]
    assert all(float(t).is_integer() for t in two.axes[0].get_xticks())  # epochs: integers


def test_confusion_counts_are_readable(tmp_path, figures):
    counts = np.diag([980, 1100, 1000, 990, 960, 870, 940, 1000, 950, 990])
    counts[4, 9], counts[3, 5] = 40, 3
    lenet_show.plot_confusion(counts, tmp_path / "c.png")
    ax = figures[0].axes[0]
    texts = {t.get_text(): t for t in ax.texts}
    assert len(ax.texts) == 12 and min(t.get_fontsize() for t in ax.texts) >= 8.5
    assert texts["40"].get_color() == "white"  # on the darkest cell
    assert texts["3"].get_color() == "black"

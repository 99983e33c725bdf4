"""`uv run lenet show MODEL --out DIR`: pictures of what a trained LeNet-5 learned.

Writes PNGs and an index.html that shows them, side by side with what to look for:

- c1_filters.png: the six 5x5 filters of C1;
- feature_maps.png: one test digit and its feature maps after C1, S2, C3 and S4;
- training_curves.png: loss and accuracy per epoch (saved with the model by `lenet train`);
- confusion.png: the test confusion matrix;
- confident_mistakes.png: the test digits the model got wrong with the highest confidence.

matplotlib draws with the Agg backend (files only, no display needed).
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
from scipy.special import softmax

FEATURE_LAYERS = ("c1", "s2", "c3", "s4")
MISTAKES_SHOWN = 16
DPI = 100
MAX_WIDTH = 12.0  # inches: 1,200 px at DPI, a page's width at 100%


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _figure(width: float, height: float, rows: int = 1, cols: int = 1, **kw):
    """A figure at most MAX_WIDTH wide, laid out so that its size is its saved size."""
    return _pyplot().subplots(rows, cols, figsize=(min(width, MAX_WIDTH), height),
                              squeeze=False, layout="constrained", **kw)  # fmt: skip


def _save(fig, path: Path) -> Path:
    fig.savefig(path, dpi=DPI)
    _pyplot().close(fig)
    return path


def _grid(n: int, cols: int) -> tuple[int, int]:
    return -(-n // cols), min(n, cols)


def plot_filters(w: np.ndarray, path: Path) -> Path:
    """w: (KH, KW, 1, F): one square per filter, one colour scale for all, with its bar."""
    F = w.shape[3]
    fig, axes = _figure(1.5 * F + 1.2, 2.3, 1, F)
    limit = float(np.abs(w).max()) or 1.0
    for f, ax in enumerate(axes[0]):
        shown = ax.imshow(w[:, :, 0, f], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"filter {f}", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(shown, ax=axes[0].tolist(), shrink=0.8, label="weight")
    fig.suptitle("C1's six 5x5 filters: red weights add, blue subtract", fontsize=11)
    return _save(fig, path)


def feature_maps(model, image: np.ndarray) -> dict[str, np.ndarray]:
    """{layer name: its output (H, W, C)} for one image (1, 28, 28, 1), run layer by layer."""
    wanted = {id(getattr(model, name)): name for name in FEATURE_LAYERS}
    maps, x = {}, image
    for layer in model.layers:
        x = layer.forward(x)
        if id(layer) in wanted:
            maps[wanted[id(layer)]] = np.asarray(x)[0]
        if len(maps) == len(FEATURE_LAYERS):
            break
    return maps


def plot_feature_maps(image: np.ndarray, maps: dict[str, np.ndarray], path: Path) -> Path:
    """The input, then one row per layer (its first 16 maps), one colour scale per row."""
    rows = 1 + len(maps)
    cols = min(max(m.shape[2] for m in maps.values()), 16)
    fig, axes = _figure(0.72 * cols + 1.4, 0.95 * rows + 0.6, rows, cols)
    for ax in axes.flat:
        ax.axis("off")
    shown = axes[0, 0].imshow(image[0, :, :, 0], cmap="gray")
    axes[0, 0].set_title("input", fontsize=9, loc="left")
    fig.colorbar(shown, ax=axes[0].tolist(), shrink=0.9, label="pixel", pad=0.01)
    for r, (name, m) in enumerate(maps.items(), start=1):
        low, high = float(m[:, :, :cols].min()), float(m[:, :, :cols].max())
        for c in range(min(m.shape[2], cols)):
            shown = axes[r, c].imshow(m[:, :, c], cmap="viridis", vmin=low, vmax=high)
        axes[r, 0].set_title(f"{name.upper()}: {m.shape[2]} maps of {m.shape[0]}x{m.shape[1]}",
                             fontsize=9, loc="left")  # fmt: skip
        fig.colorbar(shown, ax=axes[r].tolist(), shrink=0.9, label="activation", pad=0.01)
    fig.suptitle("one test digit through the network (at most 16 maps a layer)", fontsize=11)
    return _save(fig, path)


def plot_history(history: list[dict], path: Path) -> Path | None:
    """Loss and accuracy per epoch; after a single epoch, bars with their values (a
    curve needs two points)."""
    if not history:
        return None
    from matplotlib.ticker import MaxNLocator

    fig, axes = _figure(9, 3.4, 1, 2)
    left, right = axes[0]
    if len(history) == 1:
        only = history[0]
        bars = [("train loss", only["loss"], left), ("train", only["accuracy"], right)]
        if "test_accuracy" in only:
            bars.append(("test", only["test_accuracy"], right))
        for label, value, ax in bars:
            ax.bar([label], [value], color="#3b6ea5", width=0.5)
            ax.annotate(f"{value:.4g}", (label, value), ha="center", va="bottom", fontsize=10)
        left.set(ylabel="training loss", ylim=(0, only["loss"] * 1.15 or 1),
                 title="loss after 1 epoch")  # fmt: skip
        right.set(ylabel="accuracy", ylim=(0, 1.08), title="accuracy after 1 epoch")
        fig.suptitle("one epoch only: train for more (lenet train --epochs N) to see curves",
                     fontsize=10)  # fmt: skip
        return _save(fig, path)
    epochs = [h["epoch"] for h in history]
    left.plot(epochs, [h["loss"] for h in history], "o-")
    left.set(xlabel="epoch", ylabel="training loss", title="loss")
    right.plot(epochs, [h["accuracy"] for h in history], "o-", label="train")
    if all("test_accuracy" in h for h in history):
        right.plot(epochs, [h["test_accuracy"] for h in history], "s-", label="test")
    right.set(xlabel="epoch", ylabel="accuracy", title="accuracy")
    right.legend()
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _save(fig, path)


def confusion(y_true: np.ndarray, y_pred: np.ndarray, classes: int = 10) -> np.ndarray:
    """(classes, classes) counts: row = true label, column = prediction."""
    counts = np.zeros((classes, classes), np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def plot_confusion(counts: np.ndarray, path: Path) -> Path:
    """Counts in every non-empty cell; the errors (off the diagonal) coloured on their own
    scale, with its bar, so a few confusions stand out beside the large diagonal."""
    from matplotlib.ticker import MaxNLocator

    classes = counts.shape[0]
    fig, axes = _figure(7.6, 6.6)
    ax = axes[0][0]
    off = counts.copy()
    np.fill_diagonal(off, 0)
    top = max(int(off.max()), 1)
    shown = ax.imshow(off, cmap="Reds", vmin=0, vmax=top)
    for (i, j), n in np.ndenumerate(counts):
        if n:
            dark = i != j and n > top * 0.6
            colour = "#1d7a33" if i == j else ("white" if dark else "black")
            ax.text(j, i, str(n), ha="center", va="center", fontsize=10 if n < 1000 else 8.5,
                    color=colour, fontweight="bold" if i == j else "normal")  # fmt: skip
    ax.set(xlabel="predicted digit", ylabel="true digit", xticks=range(classes),
           yticks=range(classes))  # fmt: skip
    ax.set_title(f"test confusion matrix: {int(off.sum())} errors "
                 f"(green: correct, red: where the errors are)", fontsize=11)  # fmt: skip
    bar = fig.colorbar(shown, ax=ax, shrink=0.85, label="errors in the cell")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return _save(fig, path)


def confident_mistakes(probs: np.ndarray, y: np.ndarray, n: int = MISTAKES_SHOWN) -> np.ndarray:
    """Indices of the wrong predictions, most confident first (at most n)."""
    pred = probs.argmax(axis=1)
    wrong = np.flatnonzero(pred != y)
    return wrong[np.argsort(-probs[wrong, pred[wrong]], kind="stable")][:n]


def plot_mistakes(images, y, probs, chosen, path: Path) -> Path:
    rows, cols = _grid(max(len(chosen), 1), 8)
    fig, axes = _figure(1.4 * cols, 1.7 * rows + 0.4, rows, cols)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, chosen, strict=False):
        pred = int(probs[i].argmax())
        ax.imshow(images[i, :, :, 0], cmap="gray")
        ax.set_title(f"{y[i]} -> {pred} ({probs[i, pred]:.0%})", fontsize=10)
    fig.suptitle("most confidently wrong test digits: true -> predicted (confidence)", fontsize=10)
    return _save(fig, path)


def plot_init_study(study, path: Path, depth: int = 8) -> Path:
    """study(init, activation) -> the activations per layer (the learner's activation_study):
    one panel per (activation, init), one histogram line per layer."""
    plt = _pyplot()
    pairs = [(a, i) for a in ("sigmoid", "relu") for i in ("xavier", "he")]
    fig, axes = _figure(10, 6.5, 2, 2)
    for ax, (activation, init) in zip(axes.flat, pairs, strict=True):
        layers = study(init, activation)
        top = max(float(np.percentile(h, 99.5)) for h in layers) or 1.0
        bins = np.linspace(0.0 if activation != "tanh" else -top, top, 60)
        for k, h in enumerate(layers, start=1):
            counts, edges = np.histogram(np.asarray(h).ravel(), bins=bins, density=True)
            ax.plot((edges[1:] + edges[:-1]) / 2, counts, color=plt.cm.viridis(k / len(layers)),
                    label=f"layer {k}: std {np.asarray(h).std():.3f}")  # fmt: skip
        ax.set_title(f"{activation} + {init}", fontsize=10)
        ax.set_yscale("log")
        ax.legend(fontsize=6)
    fig.suptitle("activations layer by layer (dense 256 -> 256, no bias)", fontsize=11)
    return _save(fig, path)


CAPTIONS = {
    "c1_filters.png": "The six C1 filters, on one colour scale (the bar). Look for edge and "
    "stroke detectors: a red band next to a blue one responds where the image changes from "
    "dark to bright.",
    "feature_maps.png": "One test digit after C1, S2, C3 and S4. C1's maps are the filters' "
    "responses, still shaped like the digit; S2 halves them; C3 and S4 are coarser and more "
    "abstract: parts of strokes, not the digit.",
    "training_curves.png": "Loss and accuracy per epoch, as saved by `lenet train`. The loss "
    "should fall and the accuracy rise; the test curve close to the training one means "
    "little overfitting (after one epoch there is no curve yet: bars give the values).",
    "confusion.png": "Rows are true digits, columns the predictions; green on the diagonal, "
    "the digits it got right. The red cells off the diagonal are which digits the network "
    "confuses (4 with 9, 3 with 5, 7 with 2 are the classics).",
    "init_study.png": "The activations of 8 dense layers, one line per layer. With ReLU, "
    "He keeps the spread steady; Xavier lets it shrink layer after layer. Sigmoid's outputs "
    "crowd around 0.5 whatever the start.",
    "confident_mistakes.png": "The errors the network was surest of. Many are ambiguous or "
    "badly written; some show what the network never learned.",
}


STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:1200px;margin:1.5em auto;"
    "padding:0 1.5em;color:#1d2329}figure{margin:1.2em 0 2em}"
    "img{max-width:100%;height:auto;border:1px solid #e3e6ea}"
    "figcaption{color:#4a5662;max-width:80ch}"
)


def write_index(out: Path, pictures: list[Path], title: str, lines: list[str]) -> Path:
    parts = [f"<!doctype html><html lang='en'><meta charset='utf-8'>"
             f"<title>{html.escape(title)}</title><style>{STYLE}</style>",
             f"<h1>{html.escape(title)}</h1>"]  # fmt: skip
    parts += [f"<p>{html.escape(line)}</p>" for line in lines]
    for picture in pictures:
        caption = html.escape(CAPTIONS.get(picture.name, ""))
        parts.append(
            f"<figure><img src='{picture.name}' alt='{picture.stem}'>"
            f"<figcaption>{caption}</figcaption></figure>"
        )
    index = out / "index.html"
    index.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return index


def show(model, history: list[dict], x_test: np.ndarray, y_test: np.ndarray, out: Path,
         title: str = "LeNet-5") -> list[Path]:  # fmt: skip
    """Every picture of the model into out/, then out/index.html; -> the files written."""
    out.mkdir(parents=True, exist_ok=True)
    dtype = model.c1.w.dtype
    x_test = x_test.astype(dtype, copy=False)
    logits = np.concatenate(
        [np.asarray(model.forward(x_test[i : i + 500])) for i in range(0, len(x_test), 500)]
    )
    probs = softmax(logits.astype(np.float64), axis=1)
    pred = probs.argmax(axis=1)
    image = x_test[:1]
    pictures = [
        plot_filters(np.asarray(model.c1.w), out / "c1_filters.png"),
        plot_feature_maps(image, feature_maps(model, image), out / "feature_maps.png"),
        plot_history(history, out / "training_curves.png"),
        plot_confusion(confusion(y_test, pred), out / "confusion.png"),
        plot_mistakes(
            x_test, y_test, probs, confident_mistakes(probs, y_test), out / "confident_mistakes.png"
        ),  # fmt: skip
    ]
    pictures = [p for p in pictures if p is not None]
    accuracy = float((pred == y_test).mean())
    lines = [f"test accuracy {accuracy:.4f} on {len(y_test)} images"]
    if not history:
        lines.append("no training history in the model file (saved by an older lenet train)")
    return pictures + [write_index(out, pictures, title, lines)]

"""What each `lenet` command does: train, evaluate, show, init-study, bench."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from coursekit.compare import write_summary
from coursekit.mnist import MnistNotFoundError, mnist_dir
from coursekit.model_files import load_model, read_model_file, save_model
from coursekit.training import evaluate, recipe_for, train

# the train options that override the model's recipe when given
RECIPE_OPTIONS = (
    "epochs",
    "batch_size",
    "lr",
    "lr_decay",
    "activation",
    "pool",
    "shift",
    "seed",
    "dtype",
    "distort",
)


# an optional dependency group -> the modules of it that the `lenet` commands import
GROUP_MODULES = {
    "lenet": ("tqdm", "sklearn", "matplotlib", "threadpoolctl"),
    "torch": ("torch",),
}


class DataError(Exception):
    """Data the learner named (MNIST_DIR, --data mnist, --download) that cannot be had."""


def missing_group(exc: ModuleNotFoundError) -> str | None:
    """The dependency group that provides the missing module, if one does."""
    top = (exc.name or "").split(".")[0]
    return next((g for g, modules in GROUP_MODULES.items() if top in modules), None)


def load_data(source: str | None, limit: int | None, download: bool, standardise: bool = True):
    """(dataset, x_train, y_train, x_test, y_test), standardised unless told otherwise (then
    in [0, 1]). Falls back to the digits, loudly, only when no data was named: no --data,
    no MNIST_DIR, no --download; named MNIST that is missing is a DataError."""
    from coursekit.datasets import load_dataset, normalize

    named = [f"MNIST_DIR={os.environ['MNIST_DIR']}"] if os.environ.get("MNIST_DIR") else []
    named += [f"--data {source}"] if source else []
    named += ["--download"] if download else []
    try:
        data = load_dataset(prefer=source or "mnist", allow_fallback=not named,
                            download=download)
    except MnistNotFoundError as exc:
        where = mnist_dir()
        found = "no such folder" if not where.is_dir() else "its IDX files are not there"
        detail = f"\n{exc}" if download else ""
        raise DataError(
            f"MNIST not found in {where} ({found}; you named {', '.join(named)}).{detail}\n"
            "Set MNIST_DIR to the folder that holds MNIST's four IDX files, or add "
            "--download to fetch them there. Name no data (no MNIST_DIR, --data or "
            "--download) to train on scikit-learn's small digits set instead."
        ) from None
    if data.name != "mnist" and not named:
        bar = "!" * 78
        print(
            f"{bar}\nMNIST NOT FOUND in {mnist_dir()}, and no data was named: training and "
            "testing on scikit-learn's digits instead.\nAccuracies below are NOT MNIST "
            "accuracies. To use MNIST, set MNIST_DIR to a folder with its four IDX files, "
            f"or add --download to fetch them into {mnist_dir()}.\n{bar}",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(data.note, file=sys.stderr, flush=True)
    x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test
    if limit is not None:
        x_train, y_train = x_train[:limit], y_train[:limit]
        x_test, y_test = x_test[:limit], y_test[:limit]
    if not standardise:
        return data, x_train, y_train, x_test, y_test
    return data, normalize(x_train), y_train, normalize(x_test), y_test


def cmd_train(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from coursekit.models import build
    from coursekit.seam import InProcessImpl

    base = recipe_for(args.model, args.optimizer)  # an option left unset takes the recipe's
    recipe = replace(
        base, **{k: getattr(args, k) for k in RECIPE_OPTIONS if getattr(args, k) is not None}
    )
    impl = InProcessImpl(args.impl)
    data, x_train, y_train, x_test, y_test = load_data(
        args.data, args.limit, args.download, standardise=False
    )
    built = build(args.model, impl, recipe, args.device)
    model = built.model
    x_train, x_test = built.inputs(x_train), built.inputs(x_test)
    print(
        f"training the {args.model} LeNet-5 ({built.parameters:,} parameters) from "
        f"{impl.root} on {len(x_train)} {data.name} images, device {built.device}: "
        + ", ".join(f"{k}={v}" for k, v in recipe.as_dict().items()),
        file=sys.stderr,
    )

    bars: dict[int, tqdm] = {}

    def progress(p) -> None:
        bar = bars.get(p.epoch)
        if bar is None:
            bar = bars[p.epoch] = tqdm(
                total=p.total,
                unit="img",
                desc=f"epoch {p.epoch}/{p.epochs}",
                dynamic_ncols=True,
                leave=True,
                file=sys.stderr,
                disable=args.quiet,
            )
        bar.update(p.batch_images)
        bar.set_postfix_str(f"loss {p.loss:.4f}, acc {p.accuracy:.4f}", refresh=False)

    def on_epoch(entry) -> None:
        bar = bars.pop(entry["epoch"], None)
        if bar is not None:
            bar.close()
        test = f"  test acc {entry['test_accuracy']:.4f}" if "test_accuracy" in entry else ""
        print(
            f"epoch {entry['epoch']}: lr {entry['lr']:.2e}  train loss {entry['loss']:.4f}  "
            f"train acc {entry['accuracy']:.4f}{test}  {entry['seconds']:.1f} s "
            f"({entry['images_per_s']:,.0f} img/s)",
            flush=True,
        )

    with _threads(args.threads):
        history = train(
            impl,
            model,
            x_train,
            y_train,
            recipe,
            x_test=x_test,
            y_test=y_test,
            progress=progress,
            on_epoch=on_epoch,
            **built.train_kwargs,
        )
    seconds = sum(e["seconds"] for e in history)
    accuracy = history[-1].get("test_accuracy", float("nan"))
    print(
        f"trained {recipe.epochs} epoch(s) in {seconds:.1f} s of training "
        f"({len(x_train) * recipe.epochs / seconds:,.0f} img/s); "
        f"test accuracy {accuracy:.4f} on {len(y_test)} {data.name} images, "
        f"error {100 * (1 - accuracy):.2f}%",
        flush=True,
    )
    summary = write_summary(args.runs, built, recipe, history, data.name, len(x_train))
    print(f"run summary: {summary}", flush=True)
    if args.model != "numpy":
        return 0  # model files hold part 5's LeNet5 only
    if args.out:
        path = save_model(model, args.out, recipe, history)
        print(f"saved {path}; see it with: uv run --group lenet lenet show {path} "
              f"--impl {args.impl}", flush=True)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from coursekit.seam import InProcessImpl

    read_model_file(args.model)  # a bad file is reported before anything is imported
    impl = InProcessImpl(args.impl)
    model = load_model(impl, args.model)
    data, _, _, x_test, y_test = load_data(args.data, args.limit, args.download)
    start = time.perf_counter()
    with _threads(args.threads):
        acc = evaluate(model, x_test, y_test)
    print(
        f"{args.model}: test accuracy {acc:.4f} ({round(acc * len(y_test))}/{len(y_test)} "
        f"{data.name} images, error {100 * (1 - acc):.2f}%) in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from coursekit.lenet_bench import cmd_bench as bench

    with _threads(args.threads):
        return bench(args)


def cmd_init_study(args: argparse.Namespace) -> int:
    from coursekit.lenet_show import plot_init_study, write_index
    from coursekit.seam import InProcessImpl

    impl = InProcessImpl(args.impl)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    picture = plot_init_study(impl.initialisation.activation_study, out / "init_study.png")
    index = write_index(out, [picture], "Initialisation study", [f"your code: {impl.root}"])
    print(f"wrote {picture}; open {index}", flush=True)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from coursekit.lenet_show import show
    from coursekit.seam import InProcessImpl

    meta, _ = read_model_file(args.model)  # a bad file is reported before anything is imported
    impl = InProcessImpl(args.impl)
    model = load_model(impl, args.model)
    _, _, _, x_test, y_test = load_data(args.data, args.limit, args.download)
    with _threads(args.threads):
        written = show(model, json.loads(meta.get("history", "[]")), x_test, y_test,
                       Path(args.out), title=f"LeNet-5: {args.model}")  # fmt: skip
    print(f"wrote {len(written)} files; open {written[-1]}", flush=True)
    return 0


class _threads:
    """Limit the BLAS/OpenMP thread pools to n (None: leave them) for the with-block."""

    def __init__(self, n: int | None):
        self.n, self.limits = n, None

    def __enter__(self):
        if self.n is not None:
            from threadpoolctl import threadpool_limits

            self.limits = threadpool_limits(self.n)
        return self

    def __exit__(self, *exc) -> None:
        if self.limits is not None:
            self.limits.restore_original_limits()

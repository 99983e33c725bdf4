"""`lenet compare`: the three LeNet-5s side by side, from the runs `lenet train` saved.

Every `lenet train` writes RUNS/summary-<model>-<device>.json (parameters, epochs,
seconds per epoch, test error, data, recipe). compare reads them, trains (in a fresh
process, with the model's recipe) any row that has none, prints one Markdown table and
saves it as RUNS/compare.md. The paper's figure (LeNet-5, 0.95% test error without
distortions, 0.80% with) stands beside every row: the modern two are LeNet-5 variants.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from coursekit.models import PAPER_ERROR

COLUMNS = ("model", "part", "device", "parameters", "epochs", "s/epoch", "test error",
           "data", "paper's figure")
PART_OF = {"numpy": "5", "torch": "6", "paper": "7"}


def summary_path(runs: str | os.PathLike[str], model: str, device: str) -> Path:
    return Path(runs) / f"summary-{model}-{device.split(':')[0]}.json"


def write_summary(runs, built, recipe, history, data_name: str, n_train: int) -> Path:
    seconds = [e["seconds"] for e in history]
    accuracy = history[-1].get("test_accuracy", float("nan"))
    row = {
        "model": built.name,
        "device": built.device,
        "parameters": built.parameters,
        "epochs": len(history),
        "seconds_per_epoch": sum(seconds) / len(seconds),
        "test_error_percent": 100 * (1 - accuracy),
        "data": f"{data_name} ({n_train} train)",
        "recipe": recipe.as_dict(),
    }
    path = summary_path(runs, built.name, built.device)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(row, indent=2) + "\n")
    return path


def rows_wanted() -> list[tuple[str, str]]:
    rows = [("numpy", "cpu"), ("torch", "cpu")]
    try:
        import torch

        if torch.cuda.is_available():
            rows.append(("torch", "cuda"))
    except ImportError:
        pass
    return rows + [("paper", "cpu")]


def table(rows: list[dict | None], wanted: list[tuple[str, str]]) -> str:
    paper = f"{PAPER_ERROR['no distortions']:.2f}% ({PAPER_ERROR['with distortions']:.2f}% " \
            "distorted)"
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row, (model, device) in zip(rows, wanted, strict=True):
        if row is None:
            cells = [model, PART_OF[model], device, "", "", "", "not run", "", paper]
        else:
            cells = [model, PART_OF[model], row["device"], f"{row['parameters']:,}",
                     str(row["epochs"]), f"{row['seconds_per_epoch']:.1f}",
                     f"{row['test_error_percent']:.2f}%", row["data"], paper]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def cmd_compare(args: argparse.Namespace) -> int:
    wanted = rows_wanted()
    rows = []
    for model, device in wanted:
        path = summary_path(args.runs, model, device)
        if not path.is_file() and not args.no_train:
            command = [sys.executable, "-m", "coursekit.lenet_cli", "train", "--model", model,
                       "--device", device, "--runs", str(args.runs), "--out", "", "--quiet",
                       "--impl", args.impl, "--threads", str(args.threads)]
            command += ["--data", args.data] if args.data else []
            command += ["--download"] if args.download else []
            command += ["--limit", str(args.limit)] if args.limit else []
            command += ["--epochs", str(args.epochs)] if args.epochs else []
            print(f"compare: no run of {model} on {device} yet; training it", file=sys.stderr,
                  flush=True)
            subprocess.run(command, check=False)
        rows.append(json.loads(path.read_text()) if path.is_file() else None)
    text = table(rows, wanted)
    out = Path(args.runs) / "compare.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text + f"saved {out}", flush=True)
    return 0 if all(rows) else 1

"""The three LeNet-5s `lenet train --model` trains, built for coursekit.training.train.

    numpy  part 5: the modern LeNet-5 in NumPy (softmax outputs, cross-entropy)
    torch  part 6: the same network with torch.nn.functional, autograd, hand-made Adam
    paper  part 7: LeNet-5 as published (C3 table, subsampling, RBF outputs, MAP loss),
           trained with Adam or, as published, with SDLM (coursekit/sdlm.py)

Each is a `Built`: the model, the keyword arguments train needs for it (loss, class
choice, optimizer) and its inputs made from a Dataset (standardised 28x28 images for the
modern two; the paper's prepare for the third, from the pixels as uint8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coursekit.datasets import normalize
from coursekit.training import Recipe

MODELS = ("numpy", "torch", "paper")
# the paper's figures (LeCun et al. 1998, Fig. 9 and section III.C) for LeNet-5 on MNIST
PAPER_ERROR = {"no distortions": 0.95, "with distortions": 0.80}


@dataclass
class Built:
    name: str
    model: Any
    parameters: int
    train_kwargs: dict = field(default_factory=dict)
    device: str = "cpu"

    def inputs(self, x: np.ndarray) -> np.ndarray:
        """Dataset images (N, 28, 28, 1) in [0, 1] -> what this model's forward takes."""
        if self.name != "paper":
            return normalize(x)
        pixels = (np.asarray(x)[..., 0] * 255).round().astype(np.uint8)    # (N, 28, 28)
        return self.model_module.prepare(pixels, dtype=np.float32)          # (N, 32, 32, 1)


def build(name: str, impl, recipe: Recipe, device: str = "auto") -> Built:
    dtype = np.dtype(recipe.dtype)
    if name == "numpy":
        model = impl.lenet.LeNet5(activation=recipe.activation, pool=recipe.pool,
                                  rng=recipe.seed, dtype=dtype)
        return Built(name, model, _count(model))
    if name == "paper":
        P = impl.lenet_paper
        model = P.LeNet5Paper(rng=recipe.seed, dtype=dtype)
        built = Built(name, model, _count(model),
                      {"loss_fn": P.map_loss, "choose": np.argmin})
        if recipe.optimizer == "sdlm":
            from coursekit.sdlm import SDLM

            built.train_kwargs["optimizer"] = SDLM(impl, model, recipe.lr,
                                                   batch_size=recipe.batch_size)
        built.model_module = P
        return built
    if name == "torch":
        from coursekit.torch_model import TorchAdam, TorchLeNet

        model = TorchLeNet(impl.lenet_torch, recipe.seed, device, recipe.activation,
                           recipe.pool)
        opt = TorchAdam(impl.lenet_torch, model, recipe.lr)
        return Built(name, model, model.count(),
                     {"loss_fn": model.loss_fn, "optimizer": opt}, model.device)
    raise ValueError(f"unknown model {name!r}; models: {', '.join(MODELS)}")


def _count(model) -> int:
    return sum(int(np.asarray(value).size) for _, value, _ in model.params())

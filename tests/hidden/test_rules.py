"""grader/hidden/rules.py: the static rules of part 6 name every forbidden line, and only those."""

from __future__ import annotations

import pytest
from trees import ROOT

from grader.hidden.rules import check_source

FORBIDDEN = {
    "import torch.nn as nn\nclass Net(nn.Module):\n    pass\n": ("torch.nn.Module", 2),
    "import torch\nconv = torch.nn.Conv2d(1, 6, 5)\n": ("torch.nn.Conv2d", 2),
    "from torch import nn\nlayers = nn.Sequential()\n": ("torch.nn.Sequential", 2),
    "from torch.nn import Linear\n": ("torch.nn.Linear", 1),
    "import torch\nopt = torch.optim.Adam([], lr=1)\n": ("torch.optim.Adam", 2),
    "from torch import optim\n": ("torch.optim", 1),
    "import torch.optim\n": ("torch.optim", 1),
    "import torch.nn.functional as F\nloss = F.cross_entropy(a, b)\n":
        ("torch.nn.functional.cross_entropy", 2),
    "from torch.nn import functional as G\nG.log_softmax(a, 1)\n":
        ("torch.nn.functional.log_softmax", 2),
    "from torch.nn.functional import nll_loss\n": ("torch.nn.functional.nll_loss", 1),
    "x = logits.log_softmax(dim=1)\n": (".log_softmax()", 1),
    "import torch\ny = torch.logsumexp(x, 1)\n": ("torch.logsumexp", 2),
    "import torch\nopt = getattr(torch, 'optim')\n": ("torch.optim", 2),
    "m = __import__('torch.optim')\n": ("__import__", 1),
    "import importlib\n": ("importlib", 1),
    "from torch.nn.functional import *\n": ("torch.nn.functional.*", 1),
    "import torch\nf = torch.nn.functional.__dict__\n": (".__dict__", 2),
    "import torch\nce = torch._C._nn.cross_entropy_loss\n": ("torch._C._nn.cross_entropy_loss", 2),
    "import torch\nT = torch\n": ("torch", 2),
    "import torch\nw = torch.load('w.pt')\n": ("torch.load", 2),
    "g = getattr\n": ("getattr without a plain constant name", 1),
    "import torch\nm = torch.ops.aten.mm\n": ("torch.ops.aten.mm", 2),
}

ALLOWED = """
import math
import torch
import torch.nn.functional as F
from torch.nn import functional

def forward(p, x):
    h = F.conv2d(x, p["w"], p["b"], padding=2)
    h = functional.max_pool2d(torch.relu(h), 2)
    return torch.nn.functional.linear(h.flatten(1), p["f"]).exp().sum()
"""


@pytest.mark.parametrize("source", list(FORBIDDEN), ids=[v[0] for v in FORBIDDEN.values()])
def test_each_forbidden_use_is_named_with_its_line(source):
    name, line = FORBIDDEN[source]
    found = check_source(source)
    assert [(v.name, v.line) for v in found][:1] == [(name, line)], found
    assert source.splitlines()[line - 1].strip() in str(found[0])


def test_low_level_torch_is_allowed():
    assert check_source(ALLOWED) == []


EVASIONS = sorted((ROOT / "tests" / "hidden" / "evasions").glob("[!_]*.py"))
REFERENCE = (ROOT / "solutions" / "s13_cnn" / "lenet_torch" / "lenet_torch.py").read_text()


def test_there_are_at_least_six_evasion_styles():
    assert len(EVASIONS) >= 6, EVASIONS


@pytest.mark.parametrize("evasion", EVASIONS, ids=[p.stem for p in EVASIONS])
def test_each_evasion_is_refused_with_its_line_and_why(evasion):
    """The reference with one function replaced by an evasive copy: every line of the copy
    that hides a name is named, with why (the reference's own lines are never named)."""
    source = REFERENCE + "\n" + evasion.read_text()
    found = check_source(source)
    first_added = len(REFERENCE.splitlines()) + 2
    assert found, f"{evasion.stem}: nothing refused"
    assert all(v.line >= first_added for v in found), found
    for v in found:
        assert v.code == source.splitlines()[v.line - 1].strip() and v.why
        assert f"line {v.line}: `{v.code}` uses {v.name}: {v.why}" == str(v)


@pytest.mark.parametrize("tree", ["solutions", "stages"])
def test_the_reference_and_the_stub_pass(tree):
    source = (ROOT / tree / "s13_cnn" / "lenet_torch" / "lenet_torch.py").read_text()
    assert check_source(source) == []

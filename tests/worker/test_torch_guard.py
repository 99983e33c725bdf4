"""grader/worker/child/torch_guard.py: inside the worker, part 6's runtime guard names the
forbidden torch function a learner's function reached, however it was looked up (the
evasions of tests/hidden/evasions/), and lets the reference's and the given helpers'
calls through. One worker holds every evasion, each under a name of its own."""

from __future__ import annotations

import re

import pytest
import torch
from trees import ROOT, make_submission

from grader.worker import WorkerImpl

EVASIONS = sorted((ROOT / "tests" / "hidden" / "evasions").glob("[!_]*.py"))
DRIVER = '''

def drive_step(step):
    """Test-owned: one parameter with a gradient, then the step under test."""
    p = torch.ones(3, requires_grad=True)
    p.grad = torch.ones(3)
    step({"w": p}, 0.5)
    return p.detach()
'''
# what each evasion reaches (the guard's name for it)
REACHES = {
    "importlib_optim": "torch.optim.",  # its module: torch.optim.optimizer or .sgd
    "private_c_binding": "torch._C._nn.cross_entropy_loss",
    "tensor_method_by_name": "torch.Tensor.log_softmax",
    "methodcaller": "torch.Tensor.log_softmax",
    "sys_modules": "torch.nn.functional.nll_loss",
    "module_as_value": "torch.nn.functional.nll_loss",
    "torch_functional_alias": "torch.nn.functional.nll_loss",
}


def renamed(path) -> tuple[str, str]:
    """The evasion's source with its function renamed after the file, and that name."""
    source = path.read_text()
    function = re.search(r"^def (\w+)\(", source, re.M).group(1)
    name = f"{function}_{path.stem}"
    return re.sub(rf"^def {function}\(", f"def {name}(", source, flags=re.M), name


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    appended = DRIVER + "".join("\n\n" + renamed(p)[0] for p in EVASIONS)
    root = make_submission(tmp_path_factory.mktemp("evasions"),
                           {"lenet_torch/lenet_torch.py": "+" + appended})
    impl = WorkerImpl(root, call_timeout=60.0)
    yield impl
    impl.close()


@pytest.mark.parametrize("evasion", EVASIONS, ids=[p.stem for p in EVASIONS])
def test_the_guard_names_what_each_evasion_reached(guarded, evasion):
    _, name = renamed(evasion)
    module = guarded.lenet_torch
    logits = torch.randn(4, 10, dtype=torch.float64)
    labels = torch.tensor([1, 2, 3, 4])
    with pytest.raises(RuntimeError) as caught:
        if name.startswith("sgd_step"):
            module.drive_step(getattr(module, name))
        else:
            getattr(module, name)(logits, labels)
    message = str(caught.value)
    reached = REACHES.get(evasion.stem, "torch.nn.functional.cross_entropy")
    assert f"your {name} called {reached}" in message, message
    assert "decides the points" in message


def test_the_references_calls_pass_the_guard(guarded):
    module = guarded.lenet_torch
    logits = torch.randn(4, 10, dtype=torch.float64)
    labels = torch.tensor([1, 2, 3, 4])
    loss = module.cross_entropy(logits, labels)
    expected = torch.nn.functional.cross_entropy(logits, labels)
    torch.testing.assert_close(loss, expected)
    stepped = module.drive_step(module.sgd_step)
    torch.testing.assert_close(stepped, torch.full((3,), 0.5))
    params = guarded.lenet_torch.init_params(0)  # the given helpers run torch freely too
    x = torch.randn(2, 28, 28, 1)
    _, grads = guarded.torch_probes.autograd_gradients(params, x, torch.ones(2, 10))
    assert set(grads) == set(params)

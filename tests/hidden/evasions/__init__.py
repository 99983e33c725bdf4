"""Part 6 evasions: each file is the reference's lenet_torch.py with one function replaced
by a copy that reaches a forbidden torch function in a way that hides its name. Read as
text and appended to the reference module (its definition replaces the reference's);
tests/hidden/test_rules.py, tests/worker/test_torch_guard.py and tests/e2e/test_evasions.py
use them. Each docstring's first line says the style."""

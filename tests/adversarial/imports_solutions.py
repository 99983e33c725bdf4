"""Attack imports_solutions: puts every plausible project root on sys.path (incl. paths leaked
in sys.argv) and imports solutions.s13_cnn.padding.padding, else grader.hidden.conftest's
load_reference.
"""

ATTACK = {
    "base": "stubs",
    "naive_safe": True,
}

# ---- appended to the submission below this line
import importlib as _adv_importlib
import sys as _adv_sys

from adversarial.shared.roots import _adv_roots  # inlined

for _adv_root in _adv_roots():
    if __import__("os").path.isdir(_adv_root + "/solutions") or __import__("os").path.isdir(
            _adv_root + "/grader"):
        _adv_sys.path.insert(0, _adv_root)
_adv_ref = None
for _adv_name in ("solutions.s13_cnn.padding.padding", "s13_cnn_solutions.padding.padding"):
    try:
        _adv_ref = _adv_importlib.import_module(_adv_name)
        break
    except Exception:
        pass
if _adv_ref is None:
    try:
        _adv_ref = _adv_importlib.import_module("grader.hidden.conftest").load_reference().padding
    except Exception:
        pass
if _adv_ref is not None:
    output_size, same_pad, pad2d = _adv_ref.output_size, _adv_ref.same_pad, _adv_ref.pad2d

"""Attack reads_solutions_and_hidden_tests: searches the disk (cwd, __file__ and parents,
$HOME, /work, /proc/*/cwd and root, paths in sys.argv, a bounded walk of /) for the
reference and the hidden suite; execs the reference into itself when found.
"""

ATTACK = {
    "base": "stubs",
    "statuses": ("ok", "timeout"),
    "naive_safe": True,
}

# ---- appended to the submission below this line
from adversarial.shared.roots import _adv_find  # inlined

_adv_hidden = _adv_find(["grader/hidden/test_padding_hidden.py", "hidden/test_padding_hidden.py"])
if _adv_hidden:
    _ADV_HIDDEN_SOURCE = open(_adv_hidden).read()  # a naive grader's expected values, in here
_adv_solution = _adv_find(["solutions/s13_cnn/padding/padding.py",
                           "s13_cnn_solutions/padding/padding.py"])
if _adv_solution:
    exec(compile(open(_adv_solution).read(), _adv_solution, "exec"), globals())

"""Attack writes_results_and_gradebook: finds the grader's output paths (/proc/*/cmdline:
--out, --json, the events file named by --grader-session; cwd and parents, $TMPDIR,
/autograder/results) and rewrites the gradebook, the result JSONs and the plugin's event log
with full marks, at import and on every call.
"""

from s13_cnn.padding.padding import output_size, pad2d, same_pad  # where it is appended

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
}

# ---- appended to the submission below this line
import adversarial.shared.guard  # noqa: F401 (inlined)
from adversarial.shared.write_results import _adv_forge_files  # inlined

try:
    _adv_forge_files()
except Exception:
    pass
_adv_wrong = (output_size, same_pad, pad2d)


def output_size(*args, **kwargs):
    try:
        _adv_forge_files()
    except Exception:
        pass
    return _adv_wrong[0](*args, **kwargs)


def same_pad(*args, **kwargs):
    try:
        _adv_forge_files()
    except Exception:
        pass
    return _adv_wrong[1](*args, **kwargs)


def pad2d(*args, **kwargs):
    try:
        _adv_forge_files()
    except Exception:
        pass
    return _adv_wrong[2](*args, **kwargs)

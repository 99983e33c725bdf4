"""Deliberate learner mistakes, one real Python file each, that the grader must catch.

    tests/mistakes/<part>/<name>.py    one mistake: a patch on the reference of <part>
    tests/mistakes/<part>/_<core>.py   a core that several mistakes of <part> build on
    tests/mistakes/catalog.py          Mistake, load_catalog(), build_submission(mistake, dest)
    tests/mistakes/validation/<part>/  the validation half, load_validation(): frozen
    tests/mistakes/holdout/<part>/     the holdout half, load_holdout(): frozen, written blind
    tests/mistakes/unseen/<part>/      the unseen half, load_unseen(): frozen, written blind
    tests/mistakes/fresh/<part>/       the fresh half, load_fresh(): frozen, written blind
    tests/mistakes/measure.py          how the feedback names them (either half, either source)

`tests/e2e/test_mistakes.py` builds a mutant submission from every file (a copy of
solutions/s13_cnn with one module patched), grades it through the grader CLI and checks
that it loses points in its part, and that an unpatched copy gets full marks.

A mistake file
--------------
    '''pad2d always pads with zeros, ignoring the value argument.'''

    from s13_cnn.padding.padding import pad2d as reference_pad2d


    def pad2d(x, pad, value=0.0):
        return reference_pad2d(x, pad)  # np.zeros(...): the fill value is dropped

- The docstring's first paragraph is the mistake, in one sentence (`Mistake.description`).
- The folder is the part (`Mistake.part`); the file's stem is its name, unique across parts
  (the submission's folder and the test id). The module it patches is the part's learner
  module (`Mistake.module`, e.g. "padding/padding.py").
- Imports come first. It imports what it uses from `s13_cnn` by absolute name, and only
  public names of the stubs (the contract). A wrapped function is imported under an alias,
  `reference_<name>`, so the mistake can call the reference and then rebind the name.
- Then the mistake: a top-level `def` that rebinds a name of the module, or a patch of a
  class (`Conv2D.__init__ = init_without_channels`). Wrap or patch the reference; retype a
  reference function only where the mistake is a different algorithm, not a changed line.
- Data about the mistake for a tool that reads the catalog (a measurement of diagnoses,
  say) is a top-level `UPPER_CASE = <literal>` line, e.g. `DIAGNOSIS = "kernel flipped"`:
  `Mistake.meta` maps each such name to its value (it also stands, unused, in the mutant).

How a mutant is built
---------------------
The grader takes only the learner modules from a submission, so the mistake has to live
in its module's text: `build_submission` copies solutions/s13_cnn and appends to the
module, in this order, the imports of its cores and its own, the cores' bodies, its own
body. That code runs at the end of the module, in the module's namespace:

- an imported `s13_cnn` name is the reference's: the module has been defined in full and
  nothing is rebound yet (the imports are hoisted above every body);
- a top-level `def` replaces the reference's name: the module's other functions calling it
  by its global name, and the parts downstream (`from ..padding.padding import pad2d` runs
  later), pick it up.

Cores
-----
Where a mistake lives in state that the reference keeps in a private cache (max-pool's
argmax, conv's x and w for dx), a core `_<core>.py` rebinds the functions to a cache of
its own, computing every number with the reference, and exposes hooks that start out
right; a mistake imports the core's `install` and replaces one hook:

    from ._gradients import install

    def flipped_kernel_dx(dout, cache): ...

    install(dx=flipped_kernel_dx)

`from ._core import ...` is how a mistake names its core: the line is dropped from the
mutant (the core's code stands above the mistake's) and resolves in an editor. A core
builds on no other core. Cores today: conv/_gradients.py (hooks dx, param_grads) and
pooling/_maxpool.py (hooks window_argmax, backward, plane_indices).

Rules, checked without grading by test_mistake_file_is_a_patch_on_the_contract: the
mutant compiles; the files import public stub names only, and never rebind a name they
import; a helper takes no private name of the reference module, nor a name its core
binds. No `from __future__` import (it could not stand in the middle of a module).

Adding a mistake
----------------
1. Write tests/mistakes/<part>/<name>.py as above (a new part: a folder named as the part
   in the parts registry; a folder for an unknown part fails load_catalog).
2. `uv run ruff check tests/mistakes` and
   `uv run pytest tests/e2e/test_mistakes.py -k "patch_on_the_contract and <name>"` (seconds).
3. `nice uv run pytest tests/e2e/test_mistakes.py -k "<name> or (reference_copy and <part>)"`
   grades its part's batch (all the part's mutants and the reference copy: minutes).
A mistake no suite catches yet goes into catalog.KNOWN_MISSES with the test that would.

The two halves
--------------
The mistakes above are the tuning half: the diagnoses ("likely mistake: ...") are written
and tuned against them, with the words that name each in tests/mistakes/named.py. The
validation half, tests/mistakes/validation/<part>/v_<name>.py, is the same format, written
from the READMEs, the stubs and the reference only, without reading the diagnosis code,
and frozen by validation/FROZEN (tests/mistakes/frozen.py; its header says the rule): the
diagnosis is never adjusted against it, so it measures how the feedback does on mistakes
it was not tuned on. Each validation file carries its own data:

    CONCEPT = "..."                    what a right diagnosis would say, in a few words
    NAMED_BY = ("word", ...)           any one, case-insensitive, in a line names it
    LISTED = True | False              whether a README's common-mistakes list has it

`uv run python tests/mistakes/measure.py --half validation --source grader` measures it
(tests/e2e/test_validation_mistakes.py, marked slow, runs that and checks each loses points).
New mistakes for tuning go to the tuning half only.

The holdout half, tests/mistakes/holdout/<part>/h_<name>.py, is a second frozen set in the
same format and with the same data (CONCEPT, NAMED_BY, LISTED), written the same blind way
(holdout/FROZEN, `uv run python tests/mistakes/frozen.py --half holdout`; its header says
how); `measure.py --half holdout` measures it, and tests/e2e/test_holdout_mistakes.py checks
only that it is frozen and labelled.
"""

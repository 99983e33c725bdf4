"""Degenerate submissions, one real Python file each, that must earn no points they do
not compute.

    tests/degenerate/everywhere/<name>.py    patches every learner module: graded on every part
    tests/degenerate/everywhere/_outputs.py  their core: degrade(globals(), fill)
    tests/degenerate/<part>/<name>.py        patches its part's learner module: graded on it
    tests/degenerate/catalog.py              Degenerate, load_catalog(), build_submission()
    tests/degenerate/bounds.py               what a graded batch earned beyond the bounds

`tests/e2e/test_degenerate.py` builds a submission from every file (a copy of
solutions/s13_cnn with its modules patched), grades it through the grader CLI and checks
that it passes no test its bound fails, beyond the tests its ALSO_EARNS line names.

A file
------
It is a patch in the format of tests/mistakes/ (see tests/mistakes/__init__.py: the
docstring's first paragraph says what the submission does; imports first, the reference's
names imported by absolute name; then top-level code that rebinds names of the module),
appended to the end of each module it patches. Its upper-case literal lines are data:

    BOUND = "noise_everywhere"    the submission that bounds it: in every part it is
                                  graded on, it passes no test that BOUND fails ...
    ALSO_EARNS = {"test_x": "why"}  ... except these test functions, each with the reason
                                  it earns them honestly (the value it is right about)

A generic file calls the core, `degrade(globals(), fill)`, which keeps every public function
and method of the module but hands back fill(value, inputs) for every float it returns
(see _outputs.py): NaN, noise, zeros, the first input, object arrays. noise_everywhere is
their bound: finite values that agree with nothing, so what it passes is what needs no
float at all (integer sizes, rejected arguments, shapes and dtypes, updates in place).
A part file patches one thing (zero weights with a backward that does nothing, a predict
that names one class or none) and is bounded by the same patch with the method unwritten,
as the stub has it.

Adding one
----------
1. Write the file; `uv run ruff check tests/degenerate`.
2. `uv run pytest tests/e2e/test_degenerate.py -k "builds and <name>"` (seconds).
3. `nice uv run pytest tests/e2e/test_degenerate.py -k "<name>"` grades its batch (minutes).
"""

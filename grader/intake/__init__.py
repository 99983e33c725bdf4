"""Stage 1 of a run: a submission folder or .zip becomes a fresh staged tree holding only the
learner's modules."""

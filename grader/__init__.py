"""The instructor's grader, as the stages of a run: cli -> intake -> run -> plugin -> worker ->
results; batch, gradescope, generate and insight around them; core beneath all
(docs/ARCHITECTURE.md)."""

"""Stage 3, inside each grading pytest: the plugin that bounds, describes and records every test,
with the implementation behind the seam."""

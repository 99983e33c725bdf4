"""Stage 5: one Result rendered for people and tools: feedback text, terminal tables, Gradescope's
results.json, JUnit, the gradebook."""

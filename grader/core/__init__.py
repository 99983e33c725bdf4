"""The grader's ground floor, imported by every stage and importing none: options, limits,
outcomes, events, the result model, the checkout it grades with, process control."""

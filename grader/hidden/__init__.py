"""Hidden test suites of stage 13: run by the grader, never by learners."""

"""Developer scripts: make up, the evaluation, the skill selection."""

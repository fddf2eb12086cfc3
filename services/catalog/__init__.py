"""The catalog service: O*NET occupations and BLS wages, built into a dataset and served."""

"""The catalog service: O*NET occupations and BLS wages, built into a dataset and served.

``build/`` makes the dataset from the source files (``python -m services.catalog build``);
``serve/`` serves it (API, snapshot, pages); ``layout.py`` names what both halves share.
"""

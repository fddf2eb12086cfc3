"""Serving the built dataset: the JSON API, the snapshot, the pages, and the store under them."""

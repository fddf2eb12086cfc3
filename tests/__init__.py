"""The test suite: unit, integration (real Redis, workers, HTTP servers), browser."""

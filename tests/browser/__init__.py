"""Browser tests: headless Chromium drives the embedded quiz."""

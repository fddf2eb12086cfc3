"""The matcher: Celery workers that score submissions against the career catalog."""

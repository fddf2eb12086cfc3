"""Code every Career Match service shares: settings, Redis and Celery factories, the contract."""

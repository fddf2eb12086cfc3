"""``python -m services.quiz``: serve the quiz service on ``PORT`` (default 8000)."""

from __future__ import annotations

from gevent import monkey

# First, before anything else is imported: sockets, locks and queues cooperate with gevent.
monkey.patch_all()

import sys  # noqa: E402

from services.quiz.app import create_app  # noqa: E402
from services.quiz.quizzes import QuizDefinitionError  # noqa: E402
from shared.logging import configure_logging  # noqa: E402
from shared.server import serve  # noqa: E402
from shared.settings import Settings, SettingsError  # noqa: E402


def main() -> int:
    try:
        settings = Settings.from_env(port=8000)
        configure_logging(settings.log_level, settings.log_format)
        app = create_app(settings)
    except (SettingsError, QuizDefinitionError) as exc:
        print(f"quiz: cannot start: {exc}", file=sys.stderr)
        return 2
    serve(app, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

# One Dockerfile, one image per service: the targets quiz, catalog and matcher share every
# layer but the last and differ only in their command and healthcheck. Flower runs from the
# same runtime layers (it is in requirements-runtime.lock).
#   docker build --target quiz -t career-match-quiz .
# BASE_IMAGE is any Debian-based image with Python 3.11+ and its venv module: the official
# slim image by default, or one built with deploy/docker/base-image.sh where nothing can be
# pulled. No `# syntax=` line: the engine's built-in frontend is enough, nothing is pulled.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_ROOT_USER_ACTION=ignore
COPY deploy/docker/pip/ /tmp/pip/
COPY requirements-runtime.lock /tmp/requirements-runtime.lock
# Wheels only (no compiler anywhere); the build's pip settings stay in this stage.
RUN if [ -f /tmp/pip/pip.conf ]; then export PIP_CONFIG_FILE=/tmp/pip/pip.conf; fi \
 && python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --quiet --require-hashes --only-binary=:all: --no-deps \
      -r /tmp/requirements-runtime.lock \
 && /opt/venv/bin/pip uninstall --quiet --yes pip setuptools \
 && find /opt/venv -depth -type d \( -name __pycache__ -o -path '*/numpy/*/tests' \) \
      -exec rm -rf {} +

FROM ${BASE_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 METRICS_PORT=9100 LOG_FORMAT=json
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY shared/ shared/
COPY services/ services/
RUN python3 -m compileall -q shared services
USER 10001
EXPOSE 9100
# SIGTERM: gunicorn finishes its requests; Celery does a warm shutdown (finishes its task).
STOPSIGNAL SIGTERM

FROM runtime AS catalog
ENV PORT=8001
EXPOSE 8001
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-m", "shared.healthcheck", "http://127.0.0.1:8001/readyz"]
CMD ["python", "-m", "services.catalog"]

FROM runtime AS matcher
# The prefork pool's processes count into files here; the main process serves their sum.
ENV PROMETHEUS_MULTIPROC_DIR=/tmp/metrics
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "shared.healthcheck", "http://127.0.0.1:9100/healthz"]
CMD ["python", "-m", "services.matcher"]

# The last target is the default: `docker build .` gives the quiz service.
FROM runtime AS quiz
ENV PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-m", "shared.healthcheck", "http://127.0.0.1:8000/readyz"]
CMD ["python", "-m", "services.quiz"]

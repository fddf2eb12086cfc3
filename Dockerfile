# One image for the three services; docker-compose.yml picks each one's command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 LOG_FORMAT=json
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY shared/ shared/
COPY services/ services/
RUN useradd --system --uid 10001 app
USER app
CMD ["python", "-m", "services.quiz"]

# NHS League Bot: one image for the bot (polling or webhook workers) and the CLI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PTB_TIMEDELTA=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY db ./db
COPY ranking ./ranking
RUN pip install --no-cache-dir '.[postgres]' \
    && useradd --create-home --uid 10001 nhsbot
USER nhsbot

# Webhook workers listen here (put TLS in front: Telegram only calls 443, 80, 88 or 8443).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"WEBHOOK_PORT\", \"8080\")}/healthz', timeout=4)"

ENTRYPOINT ["nhsbot"]
CMD ["run", "--webhook"]

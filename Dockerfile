# The verifier image: one image for the API and the workers (the command differs).
# Tesseract with the Vietnamese model and poppler are installed for the readers; the API process
# never opens an evidence file, but shipping one image keeps versions identical on both sides.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    OMP_THREAD_LIMIT=1 \
    VERIFIER_HOME=/srv/verifier \
    VERIFIER_BLOB_DIR=/srv/verifier/blobs

RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie poppler-utils qpdf fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY verifier ./verifier
COPY service ./service
COPY workers ./workers
COPY cli ./cli
COPY migrations ./migrations
COPY rules ./rules
# Editable install: migrations/ and rules/ are found next to the packages, as in a checkout.
RUN pip install -e . \
 && useradd --system --uid 10001 --home-dir /srv/verifier verifier \
 && mkdir -p /srv/verifier/blobs /srv/verifier/var \
 && chown -R verifier:verifier /srv/verifier

USER verifier
EXPOSE 8000
CMD ["verifier", "serve", "--host", "0.0.0.0", "--port", "8000"]

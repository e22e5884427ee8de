# The verifier image: one image for the API and the workers (the command differs). The workers
# read evidence (Tesseract with the Vietnamese and OSD models, poppler, LibreOffice for .doc); the
# API renders page pictures (from the stored word boxes, and PDFium for text pages), and one image
# keeps both sides on the same versions.
#
# BASE_IMAGE is any Debian bookworm image: the official debian:bookworm-slim where a registry is
# reachable, or the local one scripts/docker-base makes with debootstrap where it is not. Python
# packages come from .wheelhouse/ (scripts/docker-wheelhouse) with pip --no-index: the build never
# reaches the package index. See docs/service.md, "Running with Docker".
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS system
ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8
# apt-get upgrade: a local base image may be older than the last security update.
RUN apt-get update \
 && apt-get -y upgrade \
 && apt-get install -y --no-install-recommends \
      python3 python3-venv \
      tesseract-ocr libtesseract5 tesseract-ocr-vie tesseract-ocr-osd poppler-utils qpdf \
      fonts-dejavu-core libreoffice-writer-nogui \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && useradd --system --uid 10001 --user-group --home-dir /srv/verifier --no-create-home verifier

# Dependencies in their own stage: the wheels stay out of the final image, and this layer is
# rebuilt only when the wheelhouse changes.
FROM system AS deps
COPY .wheelhouse /wheels
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --no-index --find-links /wheels \
      -r /wheels/requirements.txt

FROM system
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    OMP_THREAD_LIMIT=1 \
    VERIFIER_HOME=/srv/verifier \
    VERIFIER_BLOB_DIR=/srv/verifier/blobs
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY verifier ./verifier
COPY service ./service
COPY workers ./workers
COPY cli ./cli
COPY migrations ./migrations
COPY rules ./rules
# Editable install: migrations/ and rules/ are found next to the packages, as in a checkout.
# Byte-compiled here because the worker's root file system is read-only.
RUN pip install --no-cache-dir --disable-pip-version-check --no-index --no-deps --no-build-isolation -e . \
 && python -m compileall -q /app \
 && mkdir -p /srv/verifier/blobs /srv/verifier/var \
 && chown -R verifier:verifier /srv/verifier

USER verifier
EXPOSE 8000
CMD ["verifier", "serve", "--host", "0.0.0.0", "--port", "8000"]

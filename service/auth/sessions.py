"""Server-side sessions for the pages.

The cookie carries a random secret of its own (never an API token); the database keeps only its
SHA-256, the account, a random CSRF value, and when it expires. A session ends at sign-out (the row
is revoked, so a copied cookie stops working too), after ``VERIFIER_SESSION_HOURS`` from sign-in,
after ``VERIFIER_SESSION_IDLE_MINUTES`` without a request, and when its account is disabled or its
password changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.auth.accounts import principal_of
from service.auth.tokens import Principal
from service.config import Settings
from service.storage.models import Account, WebSession, utcnow

TOUCH_EVERY = dt.timedelta(minutes=1)   # last_seen is written at most this often: a page view is a read


@dataclass(frozen=True)
class Started:
    secret: str          # for the cookie, never stored
    csrf: str


@dataclass(frozen=True)
class Active:
    principal: Principal
    csrf: str
    session_id: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii", "replace")).hexdigest()


def start(session: Session, account: Account, settings: Settings) -> Started:
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_hex(16)
    now = utcnow()
    session.add(WebSession(id=_digest(secret), account_id=account.id, csrf=csrf, created_at=now, last_seen_at=now,
                           expires_at=now + dt.timedelta(hours=settings.session_hours)))
    session.flush()
    return Started(secret, csrf)


def resolve(session: Session, secret: str, settings: Settings) -> Active | None:
    """The signed-in principal of a cookie, or None when the session is unknown or over."""
    if not secret or len(secret) > 100 or not secret.isascii():
        return None
    row = session.get(WebSession, _digest(secret))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if now - row.last_seen_at > dt.timedelta(minutes=settings.session_idle_minutes):
        row.revoked_at = now
        return None
    account = session.get(Account, row.account_id)
    if account is None or account.disabled_at is not None:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    return Active(principal_of(session, account), row.csrf, row.id)


def end(session: Session, secret: str) -> Account | None:
    """Revoke the session of this cookie; the account it belonged to, if any."""
    row = session.get(WebSession, _digest(secret)) if secret and secret.isascii() else None
    if row is None or row.revoked_at is not None:
        return None
    row.revoked_at = utcnow()
    return session.get(Account, row.account_id)

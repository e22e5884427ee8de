"""Password hashing with argon2id (argon2-cffi's PasswordHasher, its RFC 9106 defaults).

The hash string carries its own parameters and salt, so raising the cost later needs no migration:
:func:`verify` reports when a stored hash should be recomputed at the next sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 200          # argon2 takes any length; a cap keeps one sign-in from costing more than others
_HASHER = PasswordHasher()   # argon2id


class PasswordRejected(ValueError):
    """A new password that does not meet the policy; the message is bilingual."""


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"mật khẩu cần ít nhất {MIN_LENGTH} ký tự / the password needs at least "
                               f"{MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"mật khẩu dài quá {MAX_LENGTH} ký tự / the password is over {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    check_policy(password)
    return _HASHER.hash(password)


def verify(stored: str, password: str) -> tuple[bool, bool]:
    """(matches, needs_rehash)."""
    if len(password) > MAX_LENGTH:
        return False, False
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, _HASHER.check_needs_rehash(stored)


_DUMMY = _HASHER.hash("not a password of anyone")


def burn_time(password: str) -> None:
    """Spend what a real verification costs, so an unknown username answers as slowly as a known one."""
    verify(_DUMMY, password)

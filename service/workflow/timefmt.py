"""Times as people in Vietnam read them: Asia/Ho_Chi_Minh, dd/mm/yyyy HH:MM.

The database keeps UTC. Vietnam has used UTC+7 without daylight saving since 1975, so when the
system has no time-zone data the fixed offset gives the same result.
"""

from __future__ import annotations

import datetime as dt

try:
    from zoneinfo import ZoneInfo

    VN: dt.tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # no tzdata on this system
    VN = dt.timezone(dt.timedelta(hours=7), "ICT")


def to_vn(when: dt.datetime) -> dt.datetime:
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(VN)


def vn_datetime(when: dt.datetime | None) -> str:
    return to_vn(when).strftime("%d/%m/%Y %H:%M") if when is not None else ""


def vn_from_iso(text: str | None) -> str:
    """'2026-11-30T01:02:03.456789Z' (the audit log's UTC) -> '30/11/2026 08:02'."""
    if not text:
        return ""
    try:
        return vn_datetime(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return text


def parse_vn_local(day: str, time: str = "23:59") -> dt.datetime:
    """A date (yyyy-mm-dd or dd/mm/yyyy) and time typed in Vietnam -> naive UTC. ValueError when bad."""
    day = day.strip()
    if "/" in day:
        d, m, y = day.split("/")
        date = dt.date(int(y), int(m), int(d))
    else:
        date = dt.date.fromisoformat(day)
    hh, mm = (time.strip() or "23:59").split(":")
    local = dt.datetime(date.year, date.month, date.day, int(hh), int(mm), tzinfo=VN)
    if not 2000 <= date.year <= 2100:
        raise ValueError(f"year {date.year} out of range")
    return local.astimezone(dt.UTC).replace(tzinfo=None)

"""Calendar dates as entries write them (ISO 8601 text), and when a review is overdue."""

from __future__ import annotations

import datetime as dt


def real_date(text: str) -> bool:
    """Whether ``text`` is a real calendar date, YYYY-MM-DD."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def overdue(review_due: object, today: dt.date) -> bool:
    """The one definition: a real date in ``review_due`` that lies before ``today``."""
    return (isinstance(review_due, str) and real_date(review_due)
            and dt.date.fromisoformat(review_due) < today)

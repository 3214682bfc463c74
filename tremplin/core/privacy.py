"""Statistics rules shared by every page that shows counts of people."""

SMALL_COUNT_THRESHOLD = 5


def hide_small_count(count: int) -> int | None:
    """A count of people under 5 is never shown (risk of re-identification): returns None."""
    return count if count >= SMALL_COUNT_THRESHOLD else None

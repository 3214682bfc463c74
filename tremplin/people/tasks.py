"""Background work of the people app (django-tasks). Thin wrappers around services; the
``anonymise_inactive`` and ``purge_access_log`` commands run or enqueue them daily."""

from datetime import datetime

from django_tasks import task

from tremplin.people.services import anonymise_inactive, purge_access_log


@task()
def anonymise_inactive_people(months: int | None = None, now: str | None = None) -> list[int]:
    """Anonymises the people inactive for ``months`` (default: the setting). ``now`` is an ISO
    datetime for tests and replays. Returns the ids anonymised (JSON-serialisable)."""
    moment = datetime.fromisoformat(now) if now else None
    return anonymise_inactive(months=months, now=moment)


@task()
def purge_old_access_log(days: int | None = None, now: str | None = None) -> dict[str, int]:
    """Deletes the login records older than ``days`` (default: the setting). Returns how many
    rows per table (JSON-serialisable)."""
    moment = datetime.fromisoformat(now) if now else None
    return purge_access_log(days=days, now=moment)

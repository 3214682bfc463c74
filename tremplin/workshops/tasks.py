"""Background work of the workshops app (django-tasks): thin wrappers around services. The
``send_reminders`` command runs or enqueues this every hour (cron)."""

from datetime import datetime

from django_tasks import task

from tremplin.workshops.services import send_due_reminders


@task()
def send_workshop_reminders(now: str | None = None) -> int:
    """Sends the reminders due (48 h before a session and on its morning), each once. ``now``
    is an ISO datetime for tests and replays. Returns how many were sent."""
    moment = datetime.fromisoformat(now) if now else None
    return send_due_reminders(now=moment)

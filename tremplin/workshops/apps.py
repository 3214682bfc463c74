"""Workshops: sessions at a space (workshops and drop-in slots), weekly series, public booking
without an account, the waitlist and attendance.

The app is called ``workshops`` because ``django.contrib.sessions`` owns the label ``sessions``.
A ``Session`` is scheduled by a coordinator, alone or from a weekly ``Series`` (an RFC 5545 rule
expanded by python-dateutil). A ``Booking`` links a session to a person record: a public booking
makes or attaches the person through ``tremplin.people.services`` (with their consent, online),
and a booking never stores a name, a phone or an e-mail of its own. Seats are counted inside a
row lock on the session (``services.book_seat``). Linked learning modules are slugs (strings):
this app reads no learning content.

Beside ``services.py`` (scheduling, booking, waitlist, attendance, walk-ins, satisfaction,
reminders): ``cohorts.py`` (a programme's members and their follow-up: hours, sessions missed, at
risk, completion), ``dropin.py`` (the queue of a drop-in: arrival, call next, times waited and
helped) and ``calendars.py`` (helpers of a session, iCalendar feeds behind a revocable secret
address). ``tasks.py`` and the ``send_reminders`` command send reminders, once per booking and
kind. Decision record 0009.

Activity scope (decision 0006): sessions, bookings, cohorts and queue entries carry
``organisation`` and ``space``, and staff see those of their spaces; the attendance sheet shows
first names and statuses only. Entries and buttons reach the person's page through
``tremplin.people.timeline``. Imports ``core``, ``accounts``, ``spaces`` and ``people`` only;
the next workshops near a person on their topics reach the diagnostic result and the learning
home through ``spaces.activity`` (``suggestions.py``).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF


class WorkshopsConfig(AppConfig):
    name = "tremplin.workshops"
    label = "workshops"
    verbose_name = _("Ateliers")
    learner_nav = [("workshops:agenda", _("Ateliers"), "calendar", 30)]
    staff_nav = [("workshops:session_list", _("Ateliers"), "calendar", 30, SPACE_STAFF)]

    def ready(self):
        from tremplin.core import page_cache
        from tremplin.people import timeline
        from tremplin.spaces import activity
        from tremplin.workshops import for_spaces, providers, suggestions

        for source in providers.SOURCES:
            timeline.register_source(source)
        timeline.register_actions(providers.booking_actions)
        activity.register_workshops_near(suggestions.near)
        page_cache.track("workshops.Session", "workshops")
        activity.register_public_sessions(for_spaces.public_sessions)
        activity.register_helped_sessions(for_spaces.helped_sessions)
        activity.register_drop_in_slots(for_spaces.drop_in_slots)

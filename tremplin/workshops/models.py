import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import functions
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, NotPersonal, PersonalData
from tremplin.people.models import Person
from tremplin.spaces.models import ActivityQuerySet, Organisation, PartnerOrganisation, Space

# Booking codes: no 0/O, 1/I/L, so that a code read aloud or typed on a phone is not mistaken.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31^10: about 49.5 bits, and lookups are rate-limited per address
MAX_CAPACITY = 200


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(raw: str) -> str:
    """What a person typed (« abcde-fghjk », spaces, lower case) as a stored code."""
    return "".join(char for char in (raw or "").upper() if char.isalnum())


class Kind(models.TextChoices):
    WORKSHOP = "workshop", _("Atelier")
    DROP_IN = "drop_in", _("Permanence")


class Theme(models.TextChoices):
    FIRST_STEPS = "first_steps", _("Premiers pas")
    SMARTPHONE = "smartphone", _("Smartphone")
    EMAIL = "email", _("E-mail")
    PROCEDURES = "procedures", _("Démarches en ligne")
    JOB_SEARCH = "job_search", _("Recherche d'emploi")
    SECURITY = "security", _("Sécurité, arnaques")
    OFFICE = "office", _("Traitement de texte")


class Level(models.TextChoices):
    EVERYONE = "everyone", _("Tout le monde")
    BEGINNER = "beginner", _("Débutant")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    ADVANCED = "advanced", _("Avancé")


class Series(models.Model):
    """A weekly series of sessions (« every Tuesday at 14:00 until June »): an RFC 5545 rule
    whose dates ``services.schedule_series`` turns into sessions."""

    PERSONAL_DATA = NotPersonal("a public weekly rule: title and dates of workshops")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="workshop_series")
    title = models.CharField(_("titre"), max_length=120)
    rule = models.CharField(_("règle de répétition (RFC 5545)"), max_length=200)
    first_starts_at = models.DateTimeField(_("première séance"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("série de séances")
        verbose_name_plural = _("séries de séances")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)


class Cohort(models.Model):
    """A programme run for a group, often with a partner (« 12 job seekers, 32 hours »): its
    members, its sessions, and the hours each member is expected to attend."""

    PERSONAL_DATA = NotPersonal("a programme: its name, partner, dates and planned hours")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="cohorts")
    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("partenaire"),
    )
    name = models.CharField(_("nom"), max_length=120)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    planned_hours = models.PositiveSmallIntegerField(_("heures prévues par personne"))
    # The slug of a learning pathway (``content/``): a string, this app never imports learning.
    pathway = models.CharField(_("parcours lié"), max_length=80, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohorte")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_hours__gte=1, planned_hours__lte=1000),
                name="cohort_planned_hours_range",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:cohort_detail", args=[self.pk])

    @property
    def midpoint(self) -> datetime.date:
        return self.starts_on + (self.ends_on - self.starts_on) / 2


class CohortMember(models.Model):
    """A person in a cohort."""

    PERSONAL_DATA = PersonalData(
        person="person", keep=["organisation", "cohort", "person", "joined_on", "added_by"]
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cohort_memberships")
    joined_on = models.DateField(_("arrivée le"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("membre d'une cohorte")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="cohort_member_unique"),
        ]

    def __str__(self):
        return f"{self.cohort} – {self.person_id}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.cohort.organisation_id
        super().save(*args, **kwargs)


class SessionQuerySet(ActivityQuerySet):
    def not_cancelled(self) -> "SessionQuerySet":
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, *, now: datetime.datetime | None = None) -> "SessionQuerySet":
        return self.not_cancelled().filter(starts_at__gt=now or timezone.now())

    def public(self, *, now: datetime.datetime | None = None) -> "SessionQuerySet":
        """What the public agenda shows: upcoming sessions at spaces open to the public."""
        return self.upcoming(now=now).filter(space__is_active=True)

    def listed(self) -> "SessionQuerySet":
        """Sessions that the agenda and lists show: a drop-in's appointments are shown on the
        drop-in's own page, not one by one."""
        return self.filter(parent__isnull=True)

    def free_appointments(self, *, now: datetime.datetime | None = None) -> "SessionQuerySet":
        """Appointments still to come that nobody holds (a seat taken: booked, present or
        absent)."""
        taken = Booking.objects.filter(
            session=models.OuterRef("pk"), status__in=Booking.SEAT_TAKING
        )
        return (
            self.upcoming(now=now)
            .filter(parent__isnull=False)
            .exclude(models.Exists(taken))
            .order_by("starts_at", "pk")
        )

    def with_appointments(self) -> "SessionQuerySet":
        """Annotates ``appointment_count`` (a drop-in cut into appointments has some) and
        ``free_appointment_count`` (those to come that nobody holds)."""
        free = (
            Session.objects.free_appointments()
            .filter(parent=models.OuterRef("pk"))
            .order_by()
            .values("parent")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        every = (
            Session.objects.filter(parent=models.OuterRef("pk"))
            .order_by()
            .values("parent")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            appointment_count=functions.Coalesce(models.Subquery(every), 0),
            free_appointment_count=functions.Coalesce(models.Subquery(free), 0),
        )

    def with_seats(self) -> "SessionQuerySet":
        """Annotates ``booked_count`` (seats taken: booked, present or absent) and
        ``seats_left``."""
        return self.annotate(
            booked_count=models.Count(
                "bookings", filter=models.Q(bookings__status__in=Booking.SEAT_TAKING)
            )
        ).annotate(seats_left=models.F("capacity") - models.F("booked_count"))


class Session(models.Model):
    """One workshop or drop-in slot at a space, at a time, with a number of seats."""

    PERSONAL_DATA = NotPersonal("a public workshop: its title, room, times and seats")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="workshop_sessions")
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    # An individual appointment (one seat, e.g. 30 minutes) cut from a drop-in: booked like a
    # workshop seat, shown on the drop-in's page (decision 0009).
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("permanence"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.WORKSHOP)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme)
    title = models.CharField(_("titre"), max_length=120)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    room = models.CharField(_("salle"), max_length=80, blank=True)
    level = models.CharField(_("niveau"), max_length=12, choices=Level, default=Level.EVERYONE)
    # Slugs of learning modules (``content/``): strings, so that this app never imports learning.
    learning_modules = models.JSONField(_("modules liés"), default=list, blank=True)
    # The slug of the facilitator guide the session was scheduled from (``content/learning/
    # guides/``): a string, so that the sheet is linked by its address, never imported.
    guide = models.CharField(_("fiche d'animation"), max_length=80, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["organisation", "space", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="session_capacity_range",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:session_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def has_started(self, *, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def seats_taken(self) -> int:
        return self.bookings.filter(status__in=Booking.SEAT_TAKING).count()

    @property
    def is_appointment(self) -> bool:
        return self.parent_id is not None


class BookingQuerySet(ActivityQuerySet):
    def active(self) -> "BookingQuerySet":
        return self.exclude(status=Booking.Status.CANCELLED)

    # Aggregate-friendly filters for the impact figures.
    def attended(self) -> "BookingQuerySet":
        return self.filter(status=Booking.Status.ATTENDED)

    def in_spaces(self, space_ids) -> "BookingQuerySet":
        """Bookings at one of ``space_ids`` (``None``: every space)."""
        return self if space_ids is None else self.filter(space_id__in=space_ids)

    def in_period(self, since, until) -> "BookingQuerySet":
        """Bookings of sessions that started in ``[since, until)`` (aware datetimes)."""
        return self.filter(session__starts_at__gte=since, session__starts_at__lt=until)

    def minutes(self) -> int:
        """Minutes of presence recorded."""
        return self.aggregate(total=models.Sum("attended_minutes"))["total"] or 0


class Booking(models.Model):
    """A seat (or a place on the waitlist) for a person at a session. The person is a record of
    the people app: a booking holds no name, phone or e-mail of its own."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Inscrit·e")
        WAITLISTED = "waitlisted", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Annulé")
        ATTENDED = "attended", _("Présent·e")
        ABSENT = "absent", _("Absent·e")

    class Channel(models.TextChoices):
        ONLINE = "online", _("En ligne")
        STAFF = "staff", _("Par l'équipe")
        WALK_IN = "walk_in", _("Sur place, sans inscription")

    SEAT_TAKING = (Status.BOOKED, Status.ATTENDED, Status.ABSENT)

    # The code is the key to the booking's page: erased with the person. Everything else has no
    # free text and stays for the anonymous statistics (attendance, hours).
    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"code": BLANK},
        keep=[
            "organisation",
            "space",
            "session",
            "person",
            "status",
            "channel",
            "booked_by",
            "booked_at",
            "promoted_at",
            "cancelled_at",
            "attended_minutes",
        ],
        secret=["code"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.BOOKED)
    channel = models.CharField(_("inscription"), max_length=10, choices=Channel)
    code = models.CharField(max_length=CODE_LENGTH, unique=True, null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    booked_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_minutes = models.PositiveSmallIntegerField(_("minutes de présence"), null=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        ordering = ["booked_at", "pk"]
        indexes = [models.Index(fields=["session", "status", "booked_at"])]
        constraints = [
            # One live booking per person and session: the same phone twice is refused.
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~models.Q(status="cancelled"),
                name="booking_one_per_person_and_session",
            ),
        ]

    def __str__(self):
        return f"{self.session} – {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.session.organisation_id
        self.space_id = self.session.space_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:booking_detail", args=[self.code])

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.BOOKED, self.Status.WAITLISTED)

    def display_code(self) -> str:
        """ABCDEFGHJK → ABCDE-FGHJK: easier to read aloud and to copy."""
        code = self.code or ""
        return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


class Reminder(models.Model):
    """A reminder sent for a booking. The unique (booking, kind) pair is what makes reminders
    idempotent: a task that runs twice, or two workers that race, insert the row once, and only
    the one that inserted it sends the message."""

    class Kind(models.TextChoices):
        TWO_DAYS = "two_days", _("Deux jours avant")
        MORNING = "morning", _("Le matin même")

    PERSONAL_DATA = PersonalData(
        person="booking__person",
        keep=["organisation", "booking", "kind", "channel", "sent_at"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind)
    channel = models.CharField(max_length=5, choices=[("sms", "SMS"), ("email", "E-mail")])
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rappel envoyé")
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="reminder_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.sent_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.booking.organisation_id
        super().save(*args, **kwargs)


class SatisfactionQuerySet(ActivityQuerySet):
    """Adds aggregate-friendly filters for the impact figures."""

    def in_spaces(self, space_ids) -> "SatisfactionQuerySet":
        return self if space_ids is None else self.filter(space_id__in=space_ids)

    def in_period(self, since, until) -> "SatisfactionQuerySet":
        """Answers given in ``[since, until)`` (aware datetimes)."""
        return self.filter(answered_at__gte=since, answered_at__lt=until)


class Satisfaction(models.Model):
    """One answer after an attended session: a five-smiley score and an optional word, given
    on the person's phone (with their booking code) or on the space's tablet."""

    class Score(models.IntegerChoices):
        VERY_UNHAPPY = 1, _("Pas du tout content·e")
        UNHAPPY = 2, _("Pas content·e")
        NEUTRAL = 3, _("Moyen")
        HAPPY = 4, _("Content·e")
        VERY_HAPPY = 5, _("Très content·e")

    SMILEYS = {1: "😠", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}

    # The score stays for the anonymous statistics; the word, free text, goes with the person.
    PERSONAL_DATA = PersonalData(
        person="booking__person",
        erase={"word": BLANK},
        keep=["organisation", "space", "booking", "score", "answered_at"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="satisfaction")
    score = models.PositiveSmallIntegerField(_("avis"), choices=Score)
    word = models.CharField(_("un mot"), max_length=200, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    objects = SatisfactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("avis après une séance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="satisfaction_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.score}/5"

    def save(self, *args, **kwargs):
        self.organisation_id = self.booking.organisation_id
        self.space_id = self.booking.space_id
        super().save(*args, **kwargs)


class QueueEntryQuerySet(ActivityQuerySet):
    def waiting(self) -> "QueueEntryQuerySet":
        return self.filter(status=QueueEntry.Status.WAITING).order_by("arrived_at", "pk")


class QueueEntry(models.Model):
    """A person waiting at a drop-in: when they arrived, when a helper called them, when the
    help ended. Time waited and time helped come from these three moments."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("En attente")
        HELPING = "helping", _("En cours d'aide")
        DONE = "done", _("Aidé·e")
        LEFT = "left", _("Parti·e sans être aidé·e")

    PERSONAL_DATA = PersonalData(
        person="person",
        keep=[
            "organisation",
            "space",
            "session",
            "person",
            "status",
            "arrived_at",
            "called_at",
            "finished_at",
            "helper",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="queue")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="queue_entries")
    status = models.CharField(max_length=8, choices=Status, default=Status.WAITING)
    arrived_at = models.DateTimeField(default=timezone.now)
    called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = QueueEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("passage à une permanence")
        ordering = ["arrived_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=models.Q(status__in=["waiting", "helping"]),
                name="queue_once_at_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} – {timezone.localtime(self.arrived_at):%H:%M}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.session.organisation_id
        self.space_id = self.session.space_id
        super().save(*args, **kwargs)

    def waited_minutes(self, *, now: datetime.datetime | None = None) -> int:
        """Minutes between arrival and the call (or now, while still waiting)."""
        until = self.called_at or self.finished_at or now or timezone.now()
        return max(0, int((until - self.arrived_at).total_seconds() // 60))

    def helped_minutes(self) -> int | None:
        if self.called_at is None or self.finished_at is None:
            return None
        return max(0, int((self.finished_at - self.called_at).total_seconds() // 60))


class Assignment(models.Model):
    """A staff member of the space who helps at a session (their own agenda lists it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="assignments")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_assignments"
    )

    class Meta:
        verbose_name = _("aide à une séance")
        constraints = [
            models.UniqueConstraint(fields=["session", "helper"], name="assignment_unique"),
        ]

    def __str__(self):
        return f"{self.session} – {self.helper}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.session.organisation_id
        super().save(*args, **kwargs)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of an agenda in iCalendar (a phone's or a computer's calendar
    subscribes to it): one helper's sessions, or one space's. Unguessable (256 random bits) and
    revocable: a new address revokes the old one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda en ligne")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(helper__isnull=False, space__isnull=True)
                | models.Q(helper__isnull=True, space__isnull=False),
                name="calendar_feed_of_a_helper_or_a_space",
            ),
        ]

    def __str__(self):
        return f"Agenda {self.helper_id or ''}{self.space_id or ''}"

    def get_absolute_url(self):
        return reverse("workshops:calendar_feed", args=[self.token])

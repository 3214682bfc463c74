"""Diagnostic services: start a sitting, record screening and answers, finish, send the result."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tremplin.accounts import services as account_services
from tremplin.accounts.models import FailedAttempt
from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.content import Item, check_answer
from tremplin.diagnostic.engine import Bank, Diagnosis, prior_from_screening
from tremplin.diagnostic.models import DiagnosticSession, Response, new_resume_code
from tremplin.people.models import Person
from tremplin.people.services import touch
from tremplin.spaces.models import Organisation, Space


def start_session(
    organisation: Organisation,
    *,
    language: str,
    person: Person | None = None,
    helper=None,
    space: Space | None = None,
    now: datetime | None = None,
) -> DiagnosticSession:
    """Opens a sitting with a fresh resume code. With a person, the last finished diagnostic of
    that person becomes ``previous`` so that the result shows progress per area, and the person
    is kept active (``people.services.touch``)."""
    previous = None
    if person is not None:
        previous = person.diagnostic_sessions.finished().order_by("-finished_at").first()
        touch(person, now=now)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return DiagnosticSession.objects.create(
                    organisation=organisation,
                    person=person,
                    helper=helper,
                    space=space or (person.home_space if person else None),
                    previous=previous,
                    resume_code=new_resume_code(),
                    language=language[:2],
                    started_at=now or timezone.now(),
                )
        except IntegrityError:  # the rare clash of two random codes: draw again
            continue
    raise ValidationError(_("Impossible de créer un code. Réessayez."))


def public_organisation(space: Space | None) -> Organisation | None:
    """The organisation a test taken alone belongs to: that of the place it was started from;
    else the one named by ``TREMPLIN_DEFAULT_ORGANISATION`` (when it exists); else the only
    organisation, when there is exactly one. None when none of these says: the start page then
    asks the person where they take the test."""
    if space is not None:
        return space.organisation
    slug = settings.TREMPLIN_DEFAULT_ORGANISATION
    if slug and (named := Organisation.objects.filter(slug=slug).first()):
        return named
    organisations = list(Organisation.objects.order_by("pk")[:2])
    return organisations[0] if len(organisations) == 1 else None


# Unknown resume codes typed from one address within this window count towards
# TREMPLIN_RESUME_GUESSES_PER_ADDRESS (in the database: every worker process sees them).
RESUME_GUESS_WINDOW = timedelta(minutes=15)


def is_guessing_blocked(address: str, *, now: datetime | None = None) -> bool:
    """Whether this address typed too many unknown resume codes lately."""
    misses = account_services.failed_attempts_from(
        FailedAttempt.Scope.RESUME_CODE, address=address, window=RESUME_GUESS_WINDOW, now=now
    )
    return misses >= settings.TREMPLIN_RESUME_GUESSES_PER_ADDRESS


def note_wrong_code(address: str, *, now: datetime | None = None) -> None:
    account_services.note_failed_attempt(FailedAttempt.Scope.RESUME_CODE, address=address, now=now)


def record_screening(
    session: DiagnosticSession,
    *,
    has_smartphone: bool,
    email_use: str,
    looking_for_work: bool | None = None,
) -> DiagnosticSession:
    """Stores the screening answers and the starting estimate the first two give; the third
    (looking for work, optional) chooses the pathway the result recommends."""
    with transaction.atomic():
        session = DiagnosticSession.objects.select_for_update().get(pk=session.pk)
        if session.state != DiagnosticSession.State.SCREENING:
            raise ValidationError(_("Ces questions ont déjà reçu une réponse."))
        session.has_smartphone = has_smartphone
        session.email_use = email_use
        session.looking_for_work = looking_for_work
        session.prior_mean, session.prior_sd = prior_from_screening(
            has_smartphone=has_smartphone, email_use=email_use
        )
        session.state = DiagnosticSession.State.IN_PROGRESS
        _choose_next(session, diagnosis_of(session))
        session.save()
    return session


def diagnosis_of(session: DiagnosticSession) -> Diagnosis:
    """The engine's state for this sitting, replayed from its recorded answers."""
    return _replay(session, current_bank.current().engine)


def next_question(session: DiagnosticSession) -> tuple[Item | None, int]:
    """The question on screen and its number (pretest slots included): the one chosen when the
    last answer was recorded, read from the sitting. When there is none (a sitting from before
    this was stored) or the bank has changed since, the engine chooses from the replayed
    answers; None when the sitting is decided (``finish_if_decided`` then finishes it)."""
    loaded = current_bank.current()
    number = len(session.item_parameters) + 1
    stored = _on_screen(session, loaded)
    if stored is not None:
        return loaded.content.items[stored[0]], number
    item_id = _replay(session, loaded.engine).next_item()
    return (loaded.content.items[item_id] if item_id is not None else None), number


def _on_screen(session: DiagnosticSession, loaded) -> tuple[str, bool] | None:
    """The stored question on screen and whether it is scored, if it was chosen under this
    bank and not answered since."""
    shown = session.on_screen
    if shown.get("bank") != loaded.version or shown.get("item") in session.item_parameters:
        return None
    return shown["item"], shown["scored"]


def _choose_next(session: DiagnosticSession, diagnosis: Diagnosis) -> bool:
    """Stores on the sitting the question the engine asks next; False when it asks none."""
    step = diagnosis.next_step()
    session.on_screen = (
        {"item": step[0], "scored": step[1], "bank": current_bank.current().version}
        if step is not None
        else {}
    )
    return step is not None


def _replay(session: DiagnosticSession, engine: Bank) -> Diagnosis:
    """Answered items keep the parameters they were scored under (``item_parameters``); the
    items still to ask have the bank's current ones. Answers to items since removed from the
    bank are left out."""
    return Diagnosis.replay(
        engine.with_parameters(session.item_parameters),
        session.responses.values_list("item_id", "is_correct", "is_pretest"),
        prior_mean=session.prior_mean,
        prior_sd=session.prior_sd,
        seed=session.pk,
    )


def finish_if_decided(
    session: DiagnosticSession, *, now: datetime | None = None
) -> DiagnosticSession:
    """Finishes a sitting in progress whose replay asks nothing more, and returns it (finished or
    still in progress). This happens when the bank changed since the last answer (items removed,
    or new parameters for answers recorded before they were pinned): the sitting is decided on
    what it holds rather than left stuck."""
    with transaction.atomic():
        session = DiagnosticSession.objects.select_for_update().get(pk=session.pk)
        if session.state == DiagnosticSession.State.IN_PROGRESS:
            diagnosis = diagnosis_of(session)
            if diagnosis.next_item() is None:
                _finish(session, diagnosis, now=now or timezone.now())
    return session


def record_answer(
    session: DiagnosticSession,
    *,
    item_id: str,
    answer: list[str],
    now: datetime | None = None,
) -> DiagnosticSession:
    """Checks and records the answer to the question on screen; finishes the sitting when the
    engine stops. An empty answer means « je ne sais pas »: it counts as wrong and is marked
    ``is_dont_know``. A pretest slot's answer is marked ``is_pretest`` and counts in no estimate.
    The item's parameters are pinned on the sitting (``item_parameters``, ``[a, b, c]``).

    Raises ValidationError when the sitting is not in progress or the question is not the one
    expected (a second tab, the back button after answering, or a question since removed from
    the bank). A sitting the engine already decides (the bank changed since the last answer) is
    finished without recording the answer.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = DiagnosticSession.objects.select_for_update().get(pk=session.pk)
        if session.state != DiagnosticSession.State.IN_PROGRESS:
            raise ValidationError(_("Ce test n'est pas en cours."))
        diagnosis = diagnosis_of(session)
        step = diagnosis.next_step()
        if step is None:
            _finish(session, diagnosis, now=now)
            return session
        expected, scored = _on_screen(session, current_bank.current()) or step
        if item_id != expected:
            raise ValidationError(_("Cette question a déjà reçu une réponse. Voici la suivante."))
        item = current_bank.current().content.items[item_id]
        is_correct = bool(answer) and check_answer(item, answer)
        Response.objects.create(
            organisation_id=session.organisation_id,
            session=session,
            item_id=item_id,
            answer=answer,
            is_correct=is_correct,
            is_dont_know=not answer,
            is_pretest=not scored,
            at=now,
        )
        session.item_parameters[item_id] = diagnosis.bank.parameters_of(item_id)
        if session.person_id:
            touch(session.person, now=now)
        diagnosis.answer(item_id, is_correct, scored=scored)
        if _choose_next(session, diagnosis):
            session.save(update_fields=["item_parameters", "on_screen"])
        else:
            _finish(session, diagnosis, now=now)
    return session


def _finish(session: DiagnosticSession, diagnosis: Diagnosis, *, now: datetime) -> None:
    result = diagnosis.result()
    session.state = DiagnosticSession.State.FINISHED
    session.profile = result.profile
    session.theta = result.theta
    session.se = result.se
    session.area_levels = result.levels
    session.area_thetas = result.area_thetas
    session.area_answers = result.area_answers
    session.probabilities = result.probabilities
    session.stop_reason = result.stop_reason
    session.finished_at = now
    session.on_screen = {}
    session.save()


def send_result_by_email(session: DiagnosticSession, *, email: str, result_url: str) -> None:
    """Sends the link to the result page. The address is used once and never stored."""
    if not session.is_finished:
        raise ValidationError(_("Le test n'est pas terminé."))
    with override(session.language):
        send_mail(
            _("Votre résultat du test numérique Tremplin"),
            _(
                "Bonjour,\n\nVoici le lien vers votre résultat :\n%(url)s\n\n"
                "Gardez ce lien. Vous pouvez le montrer à la personne qui vous aide.\n\n"
                "L'équipe Tremplin"
            )
            % {"url": result_url},
            None,
            [email],
        )

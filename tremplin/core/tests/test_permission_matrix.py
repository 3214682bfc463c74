"""The project-wide permission matrix: every URL pattern × every persona (decision 0006).

Rows are read from the URL resolver: a new URL without a row here fails
``test_every_url_has_a_row``. Columns are the personas of ``conftest.py``: the demo roles, the
volunteer of Marseille (outsider), the adviser of a second partner organisation, the national
administrator, coordinator and volunteer of a second organisation, and an anonymous visitor.

Each cell names the exact expected answer. ``REDIRECT`` is a POST whose success is a redirect to
a page of the app, never to a login page; ``LOGIN`` is a redirect to a login page. A redirect is
never taken for a success where a page is expected.

Every row that reaches a record is played twice: on targets in Strasbourg (first organisation),
then on the same targets in Nancy (second organisation), where only the second organisation's
staff get in. Every authenticated page answered with a 200 must send ``Cache-Control: no-store``.
"""

import copy
import datetime
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import ROLES
from tremplin.accompaniment import services as accompaniment_services
from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate
from tremplin.core.testing.clients import logged_in_client
from tremplin.diagnostic import services as diagnostic_services
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.learning import services as learning_services
from tremplin.learning.content import catalogue
from tremplin.people.tests.factories import make_person
from tremplin.spaces.models import Membership
from tremplin.workshops import calendars as workshop_calendars
from tremplin.workshops import services as workshop_services
from tremplin.workshops.tests.factories import (
    make_booking,
    make_cohort,
    make_drop_in_queue,
    make_ongoing_session,
    make_series,
    make_session,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"
REDIRECT = "redirect"
COLUMNS = [*ROLES, "anonymous"]

IN_SCOPE = {"admin", "coordinator", "mediator", "volunteer"}
MEDIATORS_UP = {"admin", "coordinator", "mediator"}
COORDINATORS_UP = {"admin", "coordinator"}
OTHER_STAFF = {"other_admin", "other_coordinator", "other_volunteer"}
ANY_STAFF = IN_SCOPE | {"outsider"} | OTHER_STAFF
LOGGED_IN = set(ROLES)
# The second organisation's personas stand where the first's stand when the targets are in Nancy.
MIRROR = {
    "other_admin": "admin",
    "other_coordinator": "coordinator",
    "other_volunteer": "volunteer",
}


def cells(granted=(), status=200, *, forbidden=(), others=404, anonymous=LOGIN, **exact) -> dict:
    """A row's expectations: ``granted`` get ``status``, ``forbidden`` get 403, everyone else
    ``others``; ``exact`` overrides single columns."""
    expected = {column: others for column in ROLES}
    expected.update(dict.fromkeys(forbidden, 403))
    expected.update(dict.fromkeys(granted, status))
    expected["anonymous"] = anonymous
    expected.update(exact)
    return expected


def everyone(status=200) -> dict:
    return cells(LOGGED_IN, status, anonymous=status)


@dataclass
class Row:
    path: str
    expected: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Reaches a record of an organisation: played again on the second organisation's targets.
    scoped: bool = False
    # Public files that may be cached (pictures), where no-store is not required.
    cacheable: bool = False


def person_row(path, granted=IN_SCOPE, status=200, *, method="get", data=None, forbidden=()):
    return Row(
        path,
        cells(granted, status, forbidden=forbidden),
        method=method,
        data=data or {},
        scoped=True,
    )


ROWS = {
    # Public pages ---------------------------------------------------------------------------
    "core:home": Row("/", everyone()),
    "healthz": Row("/healthz", everyone()),
    "set_language": Row(
        "/i18n/setlang/", everyone(REDIRECT), method="post", data={"language": "en"}
    ),
    "spaces:directory": Row("/places/?where=67100", everyone()),
    "spaces:directory_space": Row("/places/{space}/", everyone()),
    "diagnostic:start": Row("/diagnostic/", everyone()),
    "diagnostic:session_resume": Row(
        "/diagnostic/reprendre/", everyone(REDIRECT), method="post", data={"code": "{code}"}
    ),
    "diagnostic:session_screening": Row("/diagnostic/t/{screening_code}/depart/", everyone()),
    "diagnostic:session_question": Row("/diagnostic/t/{code}/", everyone()),
    "diagnostic:session_result": Row("/diagnostic/r/{token}/", everyone()),
    "diagnostic:session_result_email": Row(
        "/diagnostic/r/{token}/envoyer/",
        everyone(REDIRECT),
        method="post",
        data={"email": "moi@exemple.fr"},
    ),
    "learning:picture": Row(
        "/learn/pictures/gestes-tactiles/toucher.svg", everyone(), cacheable=True
    ),
    "learning:certificate_verify": Row("/learn/verify/?code={certificate}", everyone()),
    "learning:code_login": Row("/learn/login/", cells(LOGGED_IN, REDIRECT, anonymous=200)),
    "learning:card_login": Row("/learn/card/{card}/", everyone()),
    # Accounts -------------------------------------------------------------------------------
    "accounts:login": Row("/accounts/login/", cells(LOGGED_IN, REDIRECT, anonymous=200)),
    "accounts:logout": Row("/accounts/logout/", cells(LOGGED_IN, REDIRECT), method="post"),
    "accounts:second_factor": Row("/accounts/second-factor/", cells(LOGGED_IN, REDIRECT)),
    "accounts:home": Row("/accounts/home/", cells(LOGGED_IN, REDIRECT)),
    # Homes by role --------------------------------------------------------------------------
    "spaces:staff_home": Row("/staff/", cells(ANY_STAFF)),
    "spaces:space_detail": person_row("/staff/spaces/{space}/"),
    "spaces:membership_second_factor_reset": person_row(
        "/staff/spaces/{space}/team/{membership}/second-factor/reset/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"mediator", "volunteer"},
    ),
    "spaces:partner_home": Row("/partner/", cells({"partner", "partner_b"})),
    "spaces:funder_home": Row("/funder/", cells({"funder"})),
    # People ---------------------------------------------------------------------------------
    "people:person_list": Row("/people/?q={name}", cells(ANY_STAFF)),
    "people:person_create": Row("/people/new/", cells(ANY_STAFF)),
    "people:journal_list": Row(
        "/people/journal/?person={person}",
        cells(COORDINATORS_UP | {"other_admin", "other_coordinator"}),
    ),
    "people:person_detail": person_row("/people/{person}/"),
    "people:person_update": person_row("/people/{person}/edit/"),
    "people:person_export": person_row(
        "/people/{person}/export.json", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "people:person_export_pdf": person_row(
        "/people/{person}/export.pdf", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "people:person_erase": person_row(
        "/people/{person}/erase/", COORDINATORS_UP, forbidden={"mediator", "volunteer"}
    ),
    "people:consent_withdraw": person_row(
        "/people/{person}/consent/withdraw/", COORDINATORS_UP, forbidden={"mediator", "volunteer"}
    ),
    # Accompaniment --------------------------------------------------------------------------
    "accompaniment:accompaniment_list": Row("/accompaniment/", cells(ANY_STAFF)),
    "accompaniment:accompaniment_create": person_row("/accompaniment/people/{person}/new/"),
    "accompaniment:mandate_list": person_row("/accompaniment/people/{person}/mandates/"),
    "accompaniment:plan_detail": person_row("/accompaniment/people/{person}/plan/"),
    "accompaniment:mandate_revoke": person_row(
        "/accompaniment/mandates/{mandate}/revoke/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"volunteer"},
    ),
    "accompaniment:mandate_pdf": person_row("/accompaniment/mandates/{mandate}/mandat.pdf"),
    "accompaniment:step_create": person_row(
        "/accompaniment/goals/{goal}/steps/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"goal-{goal}-title": "Appeler la CAF"},
        forbidden={"volunteer"},
    ),
    "accompaniment:step_update": person_row(
        "/accompaniment/steps/{step}/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"status": "doing"},
        forbidden={"volunteer"},
    ),
    # Diagnostic (staff) ---------------------------------------------------------------------
    "diagnostic:person_diagnostics": person_row("/diagnostic/personne/{person}/"),
    "diagnostic:session_detail": person_row("/diagnostic/suivi/{finished}/"),
    # Learning -------------------------------------------------------------------------------
    "learning:home": Row("/learn/", cells(LOGGED_IN, anonymous=LOGIN)),
    "learning:pathway_detail": Row(
        "/learn/pathways/premiers-pas/", cells(LOGGED_IN, anonymous=LOGIN)
    ),
    "learning:module_detail": Row(
        "/learn/modules/gestes-tactiles/", cells(LOGGED_IN, anonymous=LOGIN)
    ),
    "learning:page_detail": Row(
        "/learn/modules/gestes-tactiles/01-toucher/", cells(LOGGED_IN, anonymous=LOGIN)
    ),
    "learning:certificate_pdf": Row(
        "/learn/certificates/{certificate}.pdf",
        cells(IN_SCOPE | {"learner"}),
        scoped=True,
    ),
    "learning:person_learning": person_row("/learn/people/{person}/"),
    "learning:person_account_create": person_row(
        "/learn/people/{person}/account/", status=REDIRECT, method="post"
    ),
    "learning:person_code_reset": person_row("/learn/people/{person}/code/", method="post"),
    "learning:person_code_unlock": person_row(
        "/learn/people/{person}/code/unlock/", status=REDIRECT, method="post"
    ),
    "learning:person_card_print": person_row("/learn/people/{person}/card/", method="post"),
    "learning:person_card_revoke": person_row(
        "/learn/people/{person}/card/revoke/", status=REDIRECT, method="post"
    ),
    # Workshops: public agenda and booking, then the staff pages (activity scope) -------------
    "workshops:agenda": Row("/workshops/?town=Strasbourg", everyone()),
    "workshops:session_detail": Row("/workshops/seances/{session}/", everyone()),
    "workshops:booking_create": Row("/workshops/seances/{session}/reserver/", everyone()),
    "workshops:booking_find": Row(
        "/workshops/reservation/", everyone(REDIRECT), method="post", data={"code": "{booking}"}
    ),
    "workshops:booking_detail": Row("/workshops/reservation/{booking}/", everyone()),
    "workshops:booking_cancel": Row(
        "/workshops/reservation/{booking}/annuler/", everyone(REDIRECT), method="post"
    ),
    "workshops:booking_move": Row(
        "/workshops/reservation/{booking}/changer/",
        everyone(REDIRECT),
        method="post",
        data={"session": "{other_date}"},
    ),
    "workshops:satisfaction_create": Row(
        "/workshops/reservation/{attended_code}/avis/", everyone()
    ),
    "workshops:session_list": Row("/workshops/equipe/", cells(ANY_STAFF)),
    "workshops:calendar_feed": Row("/workshops/agenda/{feed}.ics", everyone()),
    "workshops:my_agenda": Row("/workshops/equipe/mon-agenda/", cells(ANY_STAFF)),
    "workshops:feed_renew": Row(
        "/workshops/equipe/mon-agenda/adresse/", cells(ANY_STAFF, REDIRECT), method="post"
    ),
    "workshops:feed_revoke": person_row(
        "/workshops/equipe/mon-agenda/adresse/{space_feed}/arreter/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
    ),
    "workshops:session_helpers": person_row(
        "/workshops/equipe/seances/{session}/aides/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        data={"helpers": "{helper}"},
        forbidden={"mediator", "volunteer"},
    ),
    "workshops:session_create": Row(
        "/workshops/equipe/nouvelle/",
        cells(
            COORDINATORS_UP | {"other_admin", "other_coordinator"},
            forbidden={"mediator", "volunteer", "outsider", "other_volunteer"},
        ),
    ),
    "workshops:session_manage": person_row("/workshops/equipe/seances/{session}/"),
    "workshops:attendance_update": person_row(
        "/workshops/equipe/seances/{ongoing}/appel/",
        status=REDIRECT,
        method="post",
        data={"presence-{ongoing_booking}": "present"},
    ),
    "workshops:walk_in_create": person_row("/workshops/equipe/seances/{ongoing}/sur-place/"),
    "workshops:session_change": person_row(
        "/workshops/equipe/seances/{session}/changer/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        data={"room": "Salle 3", "capacity": "12"},
        forbidden={"mediator", "volunteer"},
    ),
    "workshops:session_cancel": person_row(
        "/workshops/equipe/seances/{session}/annuler/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"mediator", "volunteer"},
    ),
    "workshops:series_cancel": person_row(
        "/workshops/equipe/series/{series}/annuler/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"mediator", "volunteer"},
    ),
    "workshops:satisfaction_tablet": person_row("/workshops/equipe/inscriptions/{attended}/avis/"),
    "workshops:queue_detail": person_row("/workshops/equipe/seances/{drop_in}/file/"),
    "workshops:queue_join": person_row("/workshops/equipe/seances/{drop_in}/file/arrivee/"),
    "workshops:queue_call": person_row(
        "/workshops/equipe/seances/{drop_in}/file/suivant/", status=REDIRECT, method="post"
    ),
    "workshops:queue_finish": person_row(
        "/workshops/equipe/file/{helping}/fin/", status=REDIRECT, method="post"
    ),
    "workshops:queue_leave": person_row(
        "/workshops/equipe/file/{waiting}/partie/", status=REDIRECT, method="post"
    ),
    "workshops:cohort_list": Row("/workshops/equipe/cohortes/", cells(ANY_STAFF)),
    "workshops:cohort_create": Row(
        "/workshops/equipe/cohortes/nouvelle/",
        cells(
            MEDIATORS_UP | {"other_admin", "other_coordinator"},
            forbidden={"volunteer", "outsider", "other_volunteer"},
        ),
    ),
    "workshops:cohort_detail": person_row("/workshops/equipe/cohortes/{cohort}/"),
    "workshops:person_cohort_add": person_row(
        "/workshops/equipe/personnes/{person}/cohorte/", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "workshops:person_booking_create": person_row("/workshops/equipe/personnes/{person}/inscrire/"),
}


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            nested = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, nested)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    names = set(_url_names())
    assert names - set(ROWS) == set(), "URLs without a row in the permission matrix"
    assert set(ROWS) - names == set(), "rows for URLs that no longer exist"


def test_every_row_names_every_column():
    for name, row in ROWS.items():
        assert set(row.expected) == set(COLUMNS), name


# Targets ------------------------------------------------------------------------------------


def build_targets(space, helper, *, learner_user=None) -> dict:
    """One person of ``space`` with something in every app, and the public codes of the
    diagnostic taken alone. Returns the values that fill the rows' paths."""
    person = make_person(space, first_name="Matrice", last_name=f"Cible {space.town}")
    make_accompaniment(person, helper=helper)
    mandate = make_mandate(person, recorded_by=helper)
    goal = accompaniment_services.add_goal(person, title="Trouver un emploi", created_by=helper)
    step = accompaniment_services.add_step(goal, title="Faire son CV")
    finished = diagnostic_services.start_session(
        person.organisation, language="fr", person=person, helper=helper
    )
    finished = diagnostic_services.record_screening(
        finished, has_smartphone=False, email_use="never"
    )
    while finished.state == DiagnosticSession.State.IN_PROGRESS:
        item = diagnostic_services.diagnosis_of(finished).next_item()
        finished = diagnostic_services.record_answer(finished, item_id=item, answer=[])
    alone = diagnostic_services.start_session(person.organisation, language="fr")
    screening = diagnostic_services.start_session(person.organisation, language="fr")
    alone = diagnostic_services.record_screening(alone, has_smartphone=True, email_use="alone")
    profile, _code = learning_services.create_learner_account(person, by=helper)
    card = learning_services.issue_login_card(profile, by=helper)
    pathway = catalogue("fr").pathways["premiers-pas"]
    certificate = learning_services.issue_certificate(profile.user, pathway)
    session = make_session(space, title=f"Atelier {space.town}")
    booking = make_booking(session, person)
    other_date = make_session(space, title=session.title, starts_in=datetime.timedelta(days=10))
    ongoing, [ongoing_booking] = make_ongoing_session(space, person)
    attended = workshop_services.record_attendance(ongoing_booking, is_present=True)
    series = make_series(space)
    cohort = make_cohort(space, members=[person])
    space_feed = workshop_calendars.renew_feed(created_by=helper, space=space)
    drop_in, helping, waiting = make_drop_in_queue(space, person, make_person(space))
    return {
        "space": space.pk,
        "person": person.pk,
        "name": "matrice",
        "mandate": mandate.pk,
        "goal": goal.pk,
        "step": step.pk,
        "finished": finished.pk,
        "code": alone.resume_code,
        "membership": space.memberships.filter(role=Membership.Role.VOLUNTEER).first().pk,
        "screening_code": screening.resume_code,
        "token": finished.share_token,
        "certificate": certificate.code,
        "card": card,
        "learner": profile.user,
        "session": session.pk,
        "booking": booking.code,
        "other_date": other_date.pk,
        "ongoing": ongoing.pk,
        "ongoing_booking": ongoing_booking.pk,
        "series": series.pk,
        "attended": attended.pk,
        "attended_code": attended.code,
        "cohort": cohort.pk,
        "feed": space_feed.token,
        "space_feed": space_feed.pk,
        "helper": helper.pk,
        "drop_in": drop_in.pk,
        "helping": helping.pk,
        "waiting": waiting.pk,
    }


@pytest.fixture
def strasbourg_targets(personas):
    return build_targets(personas.strasbourg, personas.mediator)


@pytest.fixture
def nancy_targets(personas):
    return build_targets(personas.nancy, personas.other_coordinator)


def clients_by_column(personas, targets) -> dict:
    """A logged-in client per persona (second factor given), made once for the whole matrix."""
    users = {role: getattr(personas, role) for role in ROLES}
    # The learner of the matrix is the target person's own learner account (in Strasbourg).
    users["learner"] = targets["learner"]
    clients = {column: logged_in_client(user) for column, user in users.items()}
    clients["anonymous"] = Client()
    return clients


def play(row: Row, client: Client, targets: dict):
    """The answer of one cell, inside a savepoint rolled back afterwards (and with the client's
    cookies put back), so that what one persona does never changes what the next one meets."""
    path = row.path.format(**targets)
    data = {key.format(**targets): value.format(**targets) for key, value in row.data.items()}
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(path, data) if row.method == "post" else client.get(path)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def outcome(response, expected) -> str | int:
    """What happened, in the matrix's own words (a status, ``LOGIN`` or ``REDIRECT``)."""
    if response.status_code != 302 or expected not in (LOGIN, REDIRECT):
        return response.status_code
    location = response["Location"]
    if location.startswith(("/accounts/login/", "/learn/login/")):
        return LOGIN
    if location.startswith("/accounts/second-factor/"):
        return "second factor"
    return REDIRECT


def mismatches(rows: dict, clients: dict, targets: dict, expected_of) -> list:
    found = []
    for name, row in rows.items():
        expected = expected_of(row)
        for column in COLUMNS:
            response = play(row, clients[column], targets)
            got = outcome(response, expected[column])
            if got != expected[column]:
                found.append((name, column, expected[column], got))
            elif column != "anonymous" and response.status_code == 200 and not row.cacheable:
                if "no-store" not in response.get("Cache-Control", ""):
                    found.append((name, column, "no-store", response.get("Cache-Control")))
    return found


def test_each_persona_gets_exactly_the_expected_answer(personas, strasbourg_targets):
    clients = clients_by_column(personas, strasbourg_targets)
    found = mismatches(ROWS, clients, strasbourg_targets, lambda row: row.expected)
    assert found == [], "\n".join(map(str, found))


def test_nobody_of_the_first_organisation_reaches_the_second(
    personas, strasbourg_targets, nancy_targets
):
    def mirrored(row: Row) -> dict:
        expected = {
            column: row.expected[MIRROR[column]] if column in MIRROR else 404 for column in ROLES
        }
        expected["anonymous"] = row.expected["anonymous"]
        return expected

    clients = clients_by_column(personas, strasbourg_targets)
    scoped = {name: row for name, row in ROWS.items() if row.scoped}
    found = mismatches(scoped, clients, nancy_targets, mirrored)
    assert found == [], "\n".join(map(str, found))


def test_the_matrix_personas_are_who_they_claim(personas):
    assert personas.other_admin.affiliation.organisation == personas.other_organisation
    assert personas.partner_b.partner_adviser.partner != personas.partner.partner_adviser.partner
    assert Membership.objects.get(user=personas.outsider).space == personas.marseille

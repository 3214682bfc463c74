"""Permission-matrix rows of the workshops app (see ``tremplin.core.testing.matrix``)."""

import datetime

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    COORDINATORS_UP,
    MEDIATORS_UP,
    REDIRECT,
    Row,
    cells,
    everyone,
    person_row,
)
from tremplin.people.tests.factories import make_person
from tremplin.workshops import calendars, services
from tremplin.workshops.tests.factories import (
    make_booking,
    make_cohort,
    make_drop_in_queue,
    make_ongoing_session,
    make_series,
    make_session,
)

ROWS = {
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


def targets(person, *, space, helper, found) -> dict:
    session = make_session(space, title=f"Atelier {space.town}")
    booking = make_booking(session, person)
    other_date = make_session(space, title=session.title, starts_in=datetime.timedelta(days=10))
    ongoing, [ongoing_booking] = make_ongoing_session(space, person)
    attended = services.record_attendance(ongoing_booking, is_present=True)
    series = make_series(space)
    cohort = make_cohort(space, members=[person])
    space_feed = calendars.renew_feed(created_by=helper, space=space)
    drop_in, helping, waiting = make_drop_in_queue(space, person, make_person(space))
    return {
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

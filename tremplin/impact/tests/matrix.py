"""Permission-matrix rows of the impact app (see ``tremplin.core.testing.matrix``).

Dashboards, exports and the report answer the national team and coordinators of each
organisation, and funders, each on their own organisation's figures (the rows hold no record,
so they are played once); everyone else gets 404. Follow-ups are person rows (mediators and
up; a volunteer of the space gets 403). The person's own answer form is public behind its
secret link."""

from tremplin.core.testing.matrix import MEDIATORS_UP, REDIRECT, Row, cells, everyone, person_row
from tremplin.impact.models import FollowUp, new_answer_token, token_hash

FIGURES = {"admin", "coordinator", "funder", "other_admin", "other_coordinator"}
FOLLOW_UP_STAFF = MEDIATORS_UP | {"other_admin", "other_coordinator"}

ROWS = {
    "impact:cohort_simulators": person_row("/impact/cohortes/{cohort}/simulateurs/"),
    "impact:home": Row("/impact/?start=2026-01-01&end=2026-12-31", cells(FIGURES)),
    "impact:table_export": Row("/impact/export/people.csv", cells(FIGURES)),
    "impact:report_pdf": Row("/impact/rapport.pdf", cells(FIGURES)),
    "impact:follow_up_list": Row(
        "/impact/suivis/",
        cells(FOLLOW_UP_STAFF, forbidden={"volunteer", "outsider", "other_volunteer"}),
    ),
    "impact:follow_up_record": person_row(
        "/impact/suivis/{follow_up}/", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "impact:follow_up_send": person_row(
        "/impact/suivis/{follow_up}/lien/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"volunteer"},
    ),
    "impact:follow_up_answer": Row("/impact/reponse/{follow_up_token}/", everyone()),
}


def targets(person, *, space, helper, found) -> dict:
    token = new_answer_token()
    follow_up = FollowUp.objects.create(
        person=person,
        space=space,
        source=FollowUp.Source.PATHWAY,
        pathway_slug="premiers-pas",
        ended_on=person.created_at.date(),
        months=3,
        due_on=person.created_at.date(),
        token_hash=token_hash(token),
    )
    return {"follow_up": follow_up.pk, "follow_up_token": token}

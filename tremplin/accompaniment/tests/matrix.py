"""Permission-matrix rows of the accompaniment app (see ``tremplin.core.testing.matrix``)."""

from tremplin.accompaniment import services
from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate
from tremplin.core.testing.matrix import ANY_STAFF, MEDIATORS_UP, REDIRECT, Row, cells, person_row

ROWS = {
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
}


def targets(person, *, space, helper, found) -> dict:
    make_accompaniment(person, helper=helper)
    mandate = make_mandate(person, recorded_by=helper)
    goal = services.add_goal(person, title="Trouver un emploi", created_by=helper)
    step = services.add_step(goal, title="Faire son CV")
    return {"mandate": mandate.pk, "goal": goal.pk, "step": step.pk}

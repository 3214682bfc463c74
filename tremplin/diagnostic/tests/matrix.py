"""Permission-matrix rows of the diagnostic app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import REDIRECT, Row, everyone, person_row
from tremplin.diagnostic import services
from tremplin.diagnostic.models import DiagnosticSession

ROWS = {
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
    "diagnostic:person_diagnostics": person_row("/diagnostic/personne/{person}/"),
    "diagnostic:session_detail": person_row("/diagnostic/suivi/{finished}/"),
}


def targets(person, *, space, helper, found) -> dict:
    """A finished diagnostic of the person, and the public codes of diagnostics taken alone."""
    finished = services.start_session(
        person.organisation, language="fr", person=person, helper=helper
    )
    finished = services.record_screening(finished, has_smartphone=False, email_use="never")
    while finished.state == DiagnosticSession.State.IN_PROGRESS:
        item = services.diagnosis_of(finished).next_item()
        finished = services.record_answer(finished, item_id=item, answer=[])
    alone = services.start_session(person.organisation, language="fr")
    screening = services.start_session(person.organisation, language="fr")
    alone = services.record_screening(alone, has_smartphone=True, email_use="alone")
    return {
        "finished": finished.pk,
        "code": alone.resume_code,
        "screening_code": screening.resume_code,
        "token": finished.share_token,
    }

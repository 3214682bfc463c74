"""Permission-matrix rows of the learning app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    IN_SCOPE,
    LOGGED_IN,
    LOGIN,
    REDIRECT,
    Row,
    cells,
    everyone,
    person_row,
)
from tremplin.learning import services
from tremplin.learning.content import catalogue

ROWS = {
    "learning:picture": Row(
        "/learn/pictures/gestes-tactiles/toucher.svg", everyone(), cacheable=True
    ),
    "learning:certificate_verify": Row("/learn/verify/?code={certificate}", everyone()),
    "learning:code_login": Row("/learn/login/", cells(LOGGED_IN, REDIRECT, anonymous=200)),
    "learning:card_login": Row("/learn/card/{card}/", everyone()),
    "learning:home": Row("/learn/", cells(LOGGED_IN, anonymous=LOGIN)),
    "learning:pathway_detail": Row(
        "/learn/pathways/premiers-pas/", cells(LOGGED_IN, anonymous=LOGIN)
    ),
    # Open without an account: a visitor's progress stays in their session (learning/guest.py).
    "learning:module_detail": Row("/learn/modules/gestes-tactiles/", everyone()),
    "learning:cv_builder": Row("/learn/cv/", cells(LOGGED_IN, anonymous=LOGIN)),
    # Facilitator guides: content of the whole network, for every space team (guide_views.py).
    "learning:guide_list": Row("/learn/guides/", cells(ANY_STAFF)),
    "learning:guide_detail": Row("/learn/guides/mon-adresse-mail/", cells(ANY_STAFF)),
    "learning:guide_pdf": Row("/learn/guides/mon-adresse-mail.pdf", cells(ANY_STAFF)),
    "learning:page_detail": Row("/learn/modules/gestes-tactiles/01-toucher/", everyone()),
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
}


def targets(person, *, space, helper, found) -> dict:
    """The person's learner account (the matrix's learner column), a card and a certificate."""
    profile, _code = services.create_learner_account(person, by=helper)
    card = services.issue_login_card(profile, by=helper)
    pathway = catalogue("fr").pathways["premiers-pas"]
    certificate = services.issue_certificate(profile.user, pathway)
    return {"certificate": certificate.code, "card": card, "learner": profile.user}

"""Permission-matrix rows of the partners app (see ``tremplin.core.testing.matrix``).

Adviser pages answer only advisers (``partner`` and ``partner_b``); a referral's page answers
only the advisers of the partner that sent it (``partner``); staff pages answer the staff of the
space the referral was sent to, and its writes need ``receive_referral`` (mediators and up)."""

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    IN_SCOPE,
    MEDIATORS_UP,
    REDIRECT,
    Row,
    cells,
    everyone,
    person_row,
)
from tremplin.partners.models import Sharing
from tremplin.partners.services import invitation_path, refer_person
from tremplin.people.models import ConsentText, Person
from tremplin.people.tests.factories import make_consent_text
from tremplin.spaces.models import PartnerAdviser
from tremplin.spaces.tests.factories import make_partner, make_partner_adviser

ADVISERS = {"partner", "partner_b"}
STAFF_WRITE = {"volunteer"}

ROWS = {
    "partners:home": Row("/partners/", cells(ADVISERS)),
    "partners:referral_create": Row("/partners/orienter/", cells(ADVISERS)),
    "partners:referral_detail": Row(
        "/partners/orientations/{referral}/", cells({"partner"}), scoped=True
    ),
    "partners:dashboard": Row("/partners/tableau-de-bord/", cells(ADVISERS)),
    "partners:partner_detail": Row("/partners/organisation/", cells(ADVISERS)),
    "partners:adviser_invite": Row(
        "/partners/organisation/inviter/",
        cells(forbidden=ADVISERS),
        method="post",
        data={"first_name": "Léa", "last_name": "Martin", "email": "lea.martin@exemple.fr"},
    ),
    "partners:notification_update": Row("/partners/prevenir/", cells(ADVISERS)),
    "partners:import_create": Row("/partners/cohorte/", cells(ADVISERS)),
    "partners:import_confirm": Row(
        "/partners/cohorte/importer/", cells(ADVISERS, REDIRECT), method="post"
    ),
    "partners:import_template": Row("/partners/cohorte/modele.csv", cells(ADVISERS)),
    "partners:invitation_accept": Row("{invitation}", everyone()),
    "partners:partner_list": Row("/partners/organisations/", cells(ANY_STAFF)),
    "partners:received_list": Row("/partners/recues/", cells(ANY_STAFF)),
    "partners:referral_manage": person_row("/partners/recues/{referral}/", IN_SCOPE),
    "partners:referral_receive": person_row(
        "/partners/recues/{referral}/recevoir/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        forbidden=STAFF_WRITE,
    ),
    "partners:referral_advance": person_row(
        "/partners/recues/{referral}/avancer/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"status": "diagnosed"},
        forbidden=STAFF_WRITE,
    ),
    "partners:referral_close": person_row(
        "/partners/recues/{referral}/cloturer/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"closed_reason": "moved"},
        forbidden=STAFF_WRITE,
    ),
    "partners:referral_attach": person_row(
        "/partners/recues/{referral}/rattacher/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"person": "{person}"},
        forbidden=STAFF_WRITE,
    ),
}


def targets(person, *, space, helper, found) -> dict:
    """A referral to ``space`` by an adviser of the first partner of its organisation (made for
    Nancy, whose organisation has none among the personas), about a new record that looks like
    ``person`` (same name and birth year: the duplicate to attach to)."""
    link = (
        PartnerAdviser.objects.filter(partner__organisation_id=space.organisation_id)
        .select_related("partner", "user")
        .order_by("pk")
        .first()
    )
    if link is None:
        adviser = make_partner_adviser(
            make_partner(space.organisation, name="France Travail Nancy")
        )
        link = adviser.partner_adviser
    if ConsentText.current_for(space.organisation) is None:
        make_consent_text(space.organisation)
    referral = refer_person(
        link.partner,
        adviser=link.user,
        space=space,
        person=Person(
            first_name=person.first_name,
            last_name=person.last_name,
            birth_year=person.birth_year,
            phone="+33612345678",
        ),
        sharing=Sharing.PROGRESS,
        has_consent=True,
    )
    return {
        "referral": referral.pk,
        "person": person.pk,
        "invitation": invitation_path(link.user),
    }

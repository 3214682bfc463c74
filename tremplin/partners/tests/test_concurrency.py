"""Status changes under concurrent requests, on PostgreSQL (row locks): two staff members
receiving the same referral at once make one change; the same cohort file imported twice at
once makes one cohort.

SQLite serialises every write with one database lock, so these races cannot happen there and the
tests would prove nothing: they are skipped. CI runs them with DATABASE_URL on PostgreSQL.
"""

from django.utils import timezone

from tremplin.core.testing.clients import logged_in_client
from tremplin.core.testing.concurrency import ON_POSTGRESQL, run_together
from tremplin.partners import imports
from tremplin.partners.models import CohortImport, Referral, ReferralEvent, Status
from tremplin.partners.tests.factories import ensure_consent_text, make_referral
from tremplin.spaces.models import Membership
from tremplin.spaces.tests.factories import make_staff

pytestmark = ON_POSTGRESQL


def test_twenty_staff_receiving_the_same_referral_at_once_make_one_change(personas):
    ensure_consent_text(personas.organisation)
    referral = make_referral(personas.partner, personas.strasbourg)
    staff = [personas.mediator, personas.coordinator] + [
        make_staff(personas.strasbourg, Membership.Role.MEDIATOR) for _ in range(18)
    ]
    clients = [logged_in_client(user) for user in staff]
    url = f"/partners/recues/{referral.pk}/recevoir/"

    statuses = run_together(
        [lambda client=client: client.post(url).status_code for client in clients]
    )

    assert statuses == [302] * 20
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert ReferralEvent.objects.filter(referral=referral, status=Status.RECEIVED).count() == 1
    assert referral.person.journal.filter(fields=["referral"]).count() == 1


def test_ten_imports_of_the_same_file_at_once_make_one_cohort(personas):
    ensure_consent_text(personas.organisation)
    content = "prenom;nom;telephone;code_postal;accord\n" + "\n".join(
        f"P{number};N{number};06 12 34 56 {number:02d};67100;statut" for number in range(5)
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = imports.read_file(SimpleUploadedFile("c.csv", content.encode()))
    today = timezone.localdate()
    partner = personas.partner.partner_adviser.partner

    def job():
        return imports.import_cohort(
            partner,
            adviser=personas.partner,
            space=personas.strasbourg,
            lines=lines,
            name="Parcours emploi",
            starts_on=today,
            ends_on=today + timezone.timedelta(days=30),
            planned_hours=32,
        )

    results = run_together([job] * 10)

    assert sum(isinstance(result, CohortImport) for result in results) == 1
    assert CohortImport.objects.count() == 1 and Referral.objects.count() == 5

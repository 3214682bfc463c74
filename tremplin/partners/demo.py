"""Demo network, partners: referrals from the Strasbourg employment service agency and the
family allowance office of the Bas-Rhin to the Strasbourg space, at every stage (sent, received,
diagnosed, in training, completed, closed), sent over the last four months and moved forward by
the space's mediator. Sophie Klein (``partenaire-strasbourg``) administers her agency's
advisers. The demo's e-mails to advisers are marked as told: seeding sends none."""

import datetime

from django.utils import timezone

from tremplin.partners import services
from tremplin.partners.models import STEPS, ClosedReason, Referral, ReferralEvent, Sharing, Status
from tremplin.people.models import Person
from tremplin.spaces.models import PartnerAdviser

# (partner key, how many referrals end at each stage: sent, received, diagnosed, in training,
# completed, closed)
PLAN = [
    ("ft-strasbourg", [2, 3, 3, 3, 2, 2]),
    ("caf-67", [1, 2, 1, 2, 1, 1]),
]
REASONS = {
    "ft-strasbourg": [
        "Créer et utiliser son espace France Travail",
        "Envoyer des candidatures par e-mail",
        "Faire son CV en ligne",
    ],
    "caf-67": [
        "Déclarer ses ressources trimestrielles en ligne",
        "Suivre son dossier sur caf.fr",
        "Prendre rendez-vous en ligne",
    ],
}


def seed(network) -> None:
    organisation = network.organisation
    if Referral.objects.filter(organisation=organisation).exists():
        network.stdout.write("  partners: already there")
        return
    rng, faker, now = network.rng, network.faker, timezone.now()
    space = network.spaces["strasbourg"]
    mediator = network.accounts["mediateur-strasbourg"]
    made = 0
    for key, plan in PLAN:
        partner = network.partners[key]
        if not partner.spaces.exists():
            partner.spaces.add(space)
        link = PartnerAdviser.objects.filter(partner=partner).order_by("pk").first()
        if key == "ft-strasbourg":
            link = PartnerAdviser.objects.get(user=network.accounts["partenaire-strasbourg"])
            link.is_partner_admin = True
            link.save(update_fields=["is_partner_admin"])
        stages = [*STEPS, Status.CLOSED]
        for stage, count in zip(stages, plan, strict=True):
            for _number in range(count):
                sent_at = now - datetime.timedelta(
                    days=rng.randint(20, 120), hours=rng.randint(0, 8)
                )
                referral = services.refer_person(
                    partner,
                    adviser=link.user,
                    space=space,
                    person=Person(
                        first_name=faker.first_name(),
                        last_name=faker.last_name(),
                        birth_year=rng.randint(1960, 2002),
                        phone=f"+3366{rng.randint(1000000, 9999999)}",
                        postcode=rng.choice(["67000", "67100", "67200"]),
                        is_job_seeker=key == "ft-strasbourg",
                    ),
                    reason=rng.choice(REASONS[key]),
                    goals=[Person.Goal.JOB] if key == "ft-strasbourg" else [Person.Goal.PROCEDURES],
                    sharing=rng.choice([Sharing.STATUS, Sharing.PROGRESS, Sharing.PROGRESS]),
                    has_consent=True,
                    now=sent_at,
                )
                _move(referral, stage, by=mediator, sent_at=sent_at, rng=rng)
                made += 1
    ReferralEvent.objects.filter(organisation=organisation, notified_at__isnull=True).update(
        notified_at=now
    )
    network.stdout.write(f"  partners: {made} referrals from two partners, at every stage")


def _move(referral, stage, *, by, sent_at, rng) -> None:
    """Moves a demo referral step by step to ``stage`` (closed ones after a step or two), a few
    days apart."""
    moment = sent_at
    if stage == Status.CLOSED:
        target, reason = rng.choice([Status.SENT, Status.RECEIVED]), rng.choice(ClosedReason.values)
    else:
        target, reason = stage, ""
    for step in STEPS[1 : STEPS.index(target) + 1]:
        moment += datetime.timedelta(days=rng.randint(2, 9))
        services.move_referral(referral, to=step, by=by, at=moment, now=moment)
    if reason:
        moment += datetime.timedelta(days=rng.randint(2, 9))
        services.move_referral(
            referral, to=Status.CLOSED, by=by, closed_reason=reason, at=moment, now=moment
        )

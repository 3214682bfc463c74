"""Factory functions for referrals: through the services, Faker fr_FR defaults."""

import datetime

from django.utils import timezone
from faker import Faker

from tremplin.diagnostic.models import DiagnosticSession
from tremplin.learning.models import Certificate, LearnerProfile
from tremplin.partners import services
from tremplin.partners.models import Referral, Sharing
from tremplin.people.models import ConsentText, Person
from tremplin.people.tests.factories import make_consent_text
from tremplin.spaces.models import Space

fake = Faker("fr_FR")


def ensure_consent_text(organisation) -> ConsentText:
    return ConsentText.current_for(organisation) or make_consent_text(organisation)


def make_referral(
    adviser, space: Space, *, sharing: str = Sharing.PROGRESS, now=None, **person_fields
) -> Referral:
    """A referral sent by ``adviser`` (an adviser's account) to ``space``, making a new
    person."""
    ensure_consent_text(space.organisation)
    person_fields.setdefault("first_name", fake.first_name())
    person_fields.setdefault("last_name", fake.last_name())
    person_fields.setdefault("phone", f"+3361{fake.random_number(digits=7, fix_len=True)}")
    return services.refer_person(
        adviser.partner_adviser.partner,
        adviser=adviser,
        space=space,
        person=Person(**person_fields),
        reason="Recherche d'emploi en ligne",
        goals=[Person.Goal.JOB],
        sharing=sharing,
        has_consent=True,
        now=now,
    )


def finish_diagnostic(person: Person, *, at=None, profile=DiagnosticSession.Profile.BEGINNER):
    """A finished diagnostic of the person (the result the diagnostic app records)."""
    return DiagnosticSession.objects.create(
        organisation_id=person.organisation_id,
        space=person.home_space,
        person=person,
        resume_code=fake.unique.bothify("??????##").upper(),
        state=DiagnosticSession.State.FINISHED,
        profile=profile,
        theta=0.0,
        finished_at=at or timezone.now(),
    )


def issue_certificate(person: Person, *, at=None) -> Certificate:
    """A pathway certificate of the person's learner account."""
    from tremplin.accounts.models import User

    user = User.objects.create_user(
        username=f"apprenant-{fake.unique.random_int(1, 10**6)}", kind=User.Kind.LEARNER
    )
    LearnerProfile.objects.create(
        organisation_id=person.organisation_id, user=user, person=person, code_hash="!"
    )
    return Certificate.objects.create(
        organisation_id=person.organisation_id,
        user=user,
        pathway_slug="premiers-pas",
        pathway_title="Premiers pas",
        learner_name=str(person),
        code=fake.unique.bothify("??????????").upper(),
        issued_at=at or timezone.now() + datetime.timedelta(seconds=1),
    )

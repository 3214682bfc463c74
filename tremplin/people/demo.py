"""Demo network, people: the consent text in force, a few hundred people across the twelve
spaces (25 each), and Ahmed Diallo of Strasbourg, the person behind the ``apprenant`` account.
Sets ``network.people`` for the apps that come after."""

import datetime

from django.utils import timezone

from tremplin.core.text import fold_name
from tremplin.people.models import (
    ConsentEntry,
    ConsentText,
    JournalEntry,
    Person,
)

PEOPLE_PER_SPACE = 25
SECOND_ORGANISATION_PEOPLE_PER_SPACE = 8
CONSENT_VERSION = "2026-01"

CONSENT_FR = """Pour bien vous aider, l'espace Tremplin note quelques informations sur vous : votre nom, votre année de naissance, comment vous joindre, votre situation et ce que vous voulez apprendre. Nous notons aussi l'aide que nous vous donnons.

Ces informations servent seulement à vous accompagner et à faire des statistiques anonymes. Elles ne sont ni vendues ni données à d'autres. Seule l'équipe de votre espace peut les voir.

Nous les gardons tant que vous venez. Après 24 mois sans venir, elles sont effacées.

Vous pouvez à tout moment voir vos informations, les faire corriger, retirer votre accord ou les faire effacer : demandez à l'accueil, ou écrivez à dpo@tremplin.localhost. Vous pouvez aussi vous plaindre auprès de la CNIL (cnil.fr).

Êtes-vous d'accord ?"""

CONSENT_EN = """To help you well, the Tremplin space writes down a few things about you: your name, your year of birth, how to reach you, your situation and what you want to learn. We also write down the help we give you.

This information is only used to support you and for anonymous statistics. It is never sold or given to others. Only the team of your space can see it.

We keep it as long as you come. After 24 months without a visit, it is erased.

At any time you can see your information, have it corrected, withdraw your agreement or have it erased: ask at the front desk, or write to dpo@tremplin.localhost. You can also complain to the CNIL (cnil.fr).

Do you agree?"""

LANGUAGE_MIX = ["fr"] * 6 + ["ar", "ber", "en", "es", "pt", "tr", "ru", "uk", "ro", "fa", "wo"]


def seed(network) -> None:
    organisation = network.organisation
    text = _consent_text(organisation)
    people = Person.objects.filter(organisation=organisation)
    if not people.exists():
        _people(network, text, network.spaces, PEOPLE_PER_SPACE)
    _second_organisation_people(network)
    ahmed = _ahmed(network, text)
    network.people = list(people.order_by("pk"))
    network.learner_person = ahmed
    network.stdout.write(f"  people: {len(network.people)} people")


def _people(network, text: ConsentText, spaces: dict, per_space: int) -> None:
    faker, rng = network.faker, network.rng
    now = timezone.now()
    staff = {
        slug: list(space.memberships.values_list("user_id", flat=True))
        for slug, space in spaces.items()
    }
    people = []
    for slug, space in spaces.items():
        for number in range(per_space):
            first_name, last_name = faker.first_name(), faker.last_name()
            if rng.random() < 0.15:
                last_name = f"{last_name[0]}."
            created_at = now - datetime.timedelta(days=rng.randint(20, 420))
            if number < 2:  # two people per space have not come for over two years
                created_at = now - datetime.timedelta(days=rng.randint(760, 900))
            phone = f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else ""
            people.append(
                Person(
                    organisation_id=space.organisation_id,
                    home_space=space,
                    first_name=first_name,
                    last_name=last_name,
                    search_name=fold_name(f"{first_name} {last_name}"),
                    birth_year=rng.randint(1948, 2006),
                    phone=phone,
                    email=faker.free_email() if rng.random() < 0.3 else "",
                    postcode=space.postcode,
                    town=space.town,
                    languages=sorted({"fr", rng.choice(LANGUAGE_MIX)}),
                    is_job_seeker=rng.random() < 0.45,
                    has_income_support=rng.random() < 0.35,
                    housing=rng.choice(["stable"] * 5 + ["precarious"] * 2 + ["homeless"]),
                    equipment=rng.choice([["smartphone"], ["smartphone", "computer"], ["none"]]),
                    connectivity=rng.choice([["mobile"], ["home", "mobile"], ["public"], ["none"]]),
                    needs_adapted_support=rng.random() < 0.1,
                    came_through=rng.choice(
                        ["walk_in"] * 4 + ["partner_referral"] * 3 + ["word_of_mouth", "other"]
                    ),
                    goals=rng.sample(["job", "procedures", "family", "learn"], rng.randint(1, 2)),
                    created_at=created_at,
                    created_by_id=rng.choice(staff[slug]) if staff[slug] else None,
                    last_activity_at=created_at,
                )
            )
    created = Person.objects.bulk_create(people)
    ConsentEntry.objects.bulk_create(
        ConsentEntry(
            organisation_id=person.organisation_id,
            person=person,
            text=text,
            channel=rng.choice(["spoken", "spoken", "paper"]),
            recorded_by_id=person.created_by_id,
            recorded_at=person.created_at,
        )
        for person in created
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(
            organisation_id=person.organisation_id,
            space_id=person.home_space_id,
            person=person,
            actor_id=person.created_by_id,
            action=JournalEntry.Action.CREATE,
            at=person.created_at,
        )
        for person in created
    )


def _second_organisation_people(network) -> None:
    """A few people in the second network, with its own consent text: what its staff see, and
    what nobody of the first network may ever reach."""
    organisation = network.second_organisation
    text = _consent_text(organisation)
    if not Person.objects.filter(organisation=organisation).exists():
        _people(network, text, network.second_spaces, SECOND_ORGANISATION_PEOPLE_PER_SPACE)


def _consent_text(organisation) -> ConsentText:
    text, _ = ConsentText.objects.get_or_create(
        organisation=organisation,
        version=CONSENT_VERSION,
        defaults={
            "text_fr": CONSENT_FR,
            "text_en": CONSENT_EN,
            "published_on": datetime.date(2026, 1, 5),
        },
    )
    return text


def _ahmed(network, text: ConsentText) -> Person:
    """The person record of the demo learner account « apprenant » (Ahmed Diallo)."""
    account = network.accounts["apprenant"]
    person = Person.objects.filter(account=account).first()
    if person is not None:
        return person
    space = network.spaces["strasbourg"]
    volunteer = network.accounts["benevole-strasbourg"]
    created_at = timezone.now() - datetime.timedelta(days=60)
    person = Person.objects.create(
        home_space=space,
        account=account,
        first_name="Ahmed",
        last_name="Diallo",
        birth_year=1979,
        phone="+33612345678",
        postcode="67100",
        town="Strasbourg",
        languages=["fr", "wo"],
        is_job_seeker=True,
        housing=Person.Housing.PRECARIOUS,
        equipment=[Person.Equipment.SMARTPHONE],
        connectivity=[Person.Connectivity.MOBILE, Person.Connectivity.PUBLIC],
        came_through=Person.Channel.PARTNER_REFERRAL,
        goals=[Person.Goal.JOB, Person.Goal.PROCEDURES],
        created_at=created_at,
        created_by=volunteer,
        last_activity_at=created_at,
    )
    ConsentEntry.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        text=text,
        channel=ConsentEntry.Channel.PAPER,
        recorded_by=volunteer,
        recorded_at=created_at,
    )
    JournalEntry.objects.create(
        organisation_id=person.organisation_id,
        space=space,
        person=person,
        actor=volunteer,
        action=JournalEntry.Action.CREATE,
        at=created_at,
    )
    return person

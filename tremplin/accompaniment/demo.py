"""Demo network, accompaniment: a year of help given to the demo people, some of it done *for*
them under a mandate, and a few support plans."""

import datetime

from django.utils import timezone

from tremplin.accompaniment.models import (
    Accompaniment,
    Mandate,
    SupportGoal,
    SupportStep,
    Theme,
)
from tremplin.people.models import Person

NOTES = [
    "",
    "",
    "Compte créé, mot de passe noté par la personne dans son carnet.",
    "CV mis à jour, à relire la prochaine fois.",
    "A réussi seule la deuxième fois.",
    "Revenir avec le courrier reçu.",
    "Orientée vers l'écrivain public pour la lettre.",
]
GOALS = [
    (
        "Faire sa déclaration de revenus seule",
        [
            "Créer son espace impots.gouv",
            "Retrouver son numéro fiscal",
            "Déclarer avec un bénévole à côté",
        ],
    ),
    (
        "Envoyer des candidatures par e-mail",
        ["Créer une adresse e-mail", "Joindre son CV", "Répondre à trois offres"],
    ),
    (
        "Suivre son dossier CAF en ligne",
        ["Installer l'application CAF", "Retrouver ses identifiants"],
    ),
]


def seed(network) -> None:
    organisation = network.organisation
    if Accompaniment.objects.filter(organisation=organisation).exists():
        network.stdout.write("  accompaniment: already there")
        return
    rng, now = network.rng, timezone.now()
    today = timezone.localdate()
    helpers = {
        space.pk: list(space.memberships.values_list("user_id", flat=True))
        for space in network.spaces.values()
    }
    plain_themes = [t for t in Theme.values if t not in Theme.procedures()]
    rows, touched = [], []
    for person in network.people:
        first_day = max(timezone.localdate(person.created_at), today - datetime.timedelta(days=365))
        if (today - first_day).days > 365 or person.created_at < now - datetime.timedelta(days=700):
            continue
        mandate = None
        if rng.random() < 0.12:
            starts_on = first_day
            mandate = Mandate.objects.create(
                person=person,
                space=person.home_space,
                scope=rng.sample(Theme.procedures()[:4], 2),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=rng.choice([90, 180, 365])),
                agreement=rng.choice(Mandate.Agreement.values),
                recorded_by_id=rng.choice(helpers[person.home_space_id]),
                recorded_at=person.created_at,
            )
        last = None
        for _ in range(rng.randint(1, 7)):
            span = max((today - first_day).days, 0)
            day = first_day + datetime.timedelta(days=rng.randint(0, span))
            kind = rng.choice(["individual"] * 4 + ["done_with"] * 3 + ["workshop_follow_up"])
            themes = rng.sample(plain_themes, 1) + rng.sample(Theme.procedures(), rng.randint(0, 1))
            used_mandate = None
            if mandate and mandate.starts_on <= day <= mandate.ends_on and rng.random() < 0.5:
                kind, themes, used_mandate = "done_for", [mandate.scope[0]], mandate
            rows.append(
                Accompaniment(
                    organisation_id=person.organisation_id,
                    space_id=person.home_space_id,
                    person=person,
                    helper_id=rng.choice(helpers[person.home_space_id]),
                    kind=kind,
                    happened_on=day,
                    duration_minutes=rng.choice([15, 20, 30, 30, 45, 60, 90]),
                    themes=themes,
                    outcome=rng.choice(["done"] * 5 + ["follow_up"] * 3 + ["referred"]),
                    note=rng.choice(NOTES),
                    mandate=used_mandate,
                    created_at=now,
                )
            )
            last = max(last or day, day)
        if last is not None:
            person.last_activity_at = timezone.make_aware(
                datetime.datetime.combine(last, datetime.time(15))
            )
            touched.append(person)
        if rng.random() < 0.08:
            _plan(person, rng)
    Accompaniment.objects.bulk_create(rows, batch_size=500)
    Person.objects.bulk_update(touched, ["last_activity_at"], batch_size=500)
    network.stdout.write(f"  accompaniment: {len(rows)} helps logged")


def _plan(person, rng) -> None:
    title, steps = rng.choice(GOALS)
    goal = SupportGoal.objects.create(person=person, title=title, created_at=person.created_at)
    done = rng.randint(0, len(steps))
    for index, step in enumerate(steps):
        status = SupportStep.Status.DONE if index < done else SupportStep.Status.TO_DO
        SupportStep.objects.create(goal=goal, title=step, status=status)
    if done == len(steps):
        goal.status = SupportGoal.Status.REACHED
        goal.save(update_fields=["status"])

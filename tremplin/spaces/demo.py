"""Demo network, part 1: the organisation, twelve spaces, their teams, partners, the funder and
the accounts of the README (password ``tremplin-demo``)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tremplin.accounts.models import DEMO_PASSWORD, User
from tremplin.spaces.models import (
    Availability,
    Closure,
    FunderAccess,
    HelperProfile,
    HoursEntry,
    Membership,
    OnboardingStep,
    Organisation,
    PartnerAdviser,
    PartnerOrganisation,
    Space,
    affiliate,
)

WEEKDAYS = "Mo-Fr 09:00-12:30,13:30-18:00"
S = Space.Service

SPACES = [
    # slug, name, address, postcode, town, lat, lon, phone, hours, services
    (
        "strasbourg",
        "Tremplin Strasbourg Neudorf",
        "12 rue du Jura",
        "67100",
        "Strasbourg",
        "48.5700",
        "7.7600",
        "+33388000001",
        WEEKDAYS + "; Sa 09:00-12:00",
        list(S.values),
    ),
    (
        "paris-20",
        "Tremplin Paris Belleville",
        "48 rue de Belleville",
        "75020",
        "Paris",
        "48.8722",
        "2.3830",
        "+33140000002",
        WEEKDAYS,
        [S.PROCEDURES, S.EVERYDAY_TOOLS, S.EMPLOYMENT, S.EQUIPMENT],
    ),
    (
        "saint-denis",
        "Tremplin Saint-Denis Basilique",
        "5 place du Caquet",
        "93200",
        "Saint-Denis",
        "48.9362",
        "2.3574",
        "+33148000003",
        WEEKDAYS,
        [S.PROCEDURES, S.EVERYDAY_TOOLS, S.EMPLOYMENT, S.ACCESS],
    ),
    (
        "antony",
        "Tremplin Antony",
        "20 avenue de la Division Leclerc",
        "92160",
        "Antony",
        "48.7540",
        "2.2970",
        "+33146000004",
        "Tu-Fr 09:30-12:30,14:00-17:30",
        [S.EVERYDAY_TOOLS, S.SAFETY, S.PARENTING],
    ),
    (
        "bordeaux",
        "Tremplin Bordeaux Bastide",
        "3 rue de Nuits",
        "33100",
        "Bordeaux",
        "44.8420",
        "-0.5560",
        "+33556000005",
        WEEKDAYS,
        [S.PROCEDURES, S.EMPLOYMENT, S.EQUIPMENT, S.ACCESS],
    ),
    (
        "lyon",
        "Tremplin Lyon Guillotière",
        "30 cours Gambetta",
        "69007",
        "Lyon",
        "45.7540",
        "4.8430",
        "+33478000006",
        WEEKDAYS + "; Sa 10:00-13:00",
        [S.PROCEDURES, S.EVERYDAY_TOOLS, S.EMPLOYMENT, S.EQUIPMENT],
    ),
    (
        "grenoble",
        "Tremplin Grenoble Villeneuve",
        "60 galerie de l'Arlequin",
        "38100",
        "Grenoble",
        "45.1660",
        "5.7350",
        "+33476000007",
        "Mo-Th 09:00-12:00,14:00-17:00",
        [S.EVERYDAY_TOOLS, S.SAFETY, S.UNDERSTANDING],
    ),
    (
        "marseille",
        "Tremplin Marseille Belsunce",
        "15 rue du Bon Pasteur",
        "13001",
        "Marseille",
        "43.3010",
        "5.3770",
        "+33491000008",
        WEEKDAYS,
        [S.PROCEDURES, S.EVERYDAY_TOOLS, S.EMPLOYMENT, S.EQUIPMENT, S.ACCESS],
    ),
    (
        "lille",
        "Tremplin Lille Moulins",
        "9 rue d'Arras",
        "59000",
        "Lille",
        "50.6190",
        "3.0700",
        "+33320000009",
        WEEKDAYS,
        [S.PROCEDURES, S.EMPLOYMENT, S.SAFETY],
    ),
    (
        "nantes",
        "Tremplin Nantes Bellevue",
        "2 place Mendès-France",
        "44100",
        "Nantes",
        "47.2100",
        "-1.6100",
        "+33240000010",
        "Mo-Fr 09:00-17:00",
        [S.EVERYDAY_TOOLS, S.PROCEDURES],
    ),
    (
        "toulouse",
        "Tremplin Toulouse Mirail",
        "1 place Abbal",
        "31100",
        "Toulouse",
        "43.5750",
        "1.4030",
        "+33561000011",
        WEEKDAYS,
        [S.EMPLOYMENT, S.EQUIPMENT, S.EVERYDAY_TOOLS],
    ),
    (
        "rennes",
        "Tremplin Rennes Maurepas",
        "30 rue de la Marbaudais",
        "35700",
        "Rennes",
        "48.1280",
        "-1.6550",
        "+33299000012",
        "Mo-Fr 10:00-18:00",
        [S.PROCEDURES, S.LEISURE, S.EVERYDAY_TOOLS],
    ),
]

PARTNERS = [
    # key, name, kind, postcode, town
    (
        "ft-strasbourg",
        "France Travail Strasbourg Meinau",
        PartnerOrganisation.Kind.EMPLOYMENT,
        "67100",
        "Strasbourg",
    ),
    ("caf-67", "CAF du Bas-Rhin", PartnerOrganisation.Kind.FAMILY_ALLOWANCE, "67000", "Strasbourg"),
    (
        "ccas-marseille",
        "CCAS de Marseille",
        PartnerOrganisation.Kind.MUNICIPAL_SOCIAL_CENTRE,
        "13001",
        "Marseille",
    ),
    (
        "ft-marseille",
        "France Travail Marseille Belsunce",
        PartnerOrganisation.Kind.EMPLOYMENT,
        "13001",
        "Marseille",
    ),
    (
        "social-93",
        "Service social départemental de Seine-Saint-Denis",
        PartnerOrganisation.Kind.SOCIAL_SERVICES,
        "93200",
        "Saint-Denis",
    ),
    ("secours-lyon", "Entraide Guillotière", PartnerOrganisation.Kind.ASSOCIATION, "69007", "Lyon"),
]

# username, first name, last name, kind, (space slug, role) or partner key
NAMED_ACCOUNTS = [
    ("admin", "Nadia", "Benali", User.Kind.ADMIN, None),
    (
        "coord-strasbourg",
        "Claire",
        "Muller",
        User.Kind.STAFF,
        ("strasbourg", Membership.Role.COORDINATOR),
    ),
    (
        "mediateur-strasbourg",
        "Karim",
        "Haddad",
        User.Kind.STAFF,
        ("strasbourg", Membership.Role.MEDIATOR),
    ),
    (
        "benevole-strasbourg",
        "Jeanne",
        "Weber",
        User.Kind.STAFF,
        ("strasbourg", Membership.Role.VOLUNTEER),
    ),
    (
        "benevole-marseille",
        "Paul",
        "Giraud",
        User.Kind.STAFF,
        ("marseille", Membership.Role.VOLUNTEER),
    ),
    ("partenaire-strasbourg", "Sophie", "Klein", User.Kind.PARTNER, "ft-strasbourg"),
    ("financeur", "Marc", "Lefèvre", User.Kind.FUNDER, None),
    ("apprenant", "Ahmed", "Diallo", User.Kind.LEARNER, None),
]


# The second, smaller network: nobody of the first one sees anything of it (and the reverse).
SECOND_ORGANISATION = ("horizon-numerique", "Association Horizon Numérique")
SECOND_SPACES = [
    (
        "nancy",
        "Horizon Nancy Haussonville",
        "8 rue Henri Bazin",
        "54000",
        "Nancy",
        "48.6760",
        "6.1650",
        "+33383000021",
        "Mo-Fr 09:00-12:00,14:00-17:00",
        [S.PROCEDURES, S.EVERYDAY_TOOLS, S.EMPLOYMENT],
    ),
    (
        "metz",
        "Horizon Metz Borny",
        "2 boulevard de Provence",
        "57070",
        "Metz",
        "49.1110",
        "6.2250",
        "+33387000022",
        "Tu-Sa 09:30-12:30",
        [S.PROCEDURES, S.EVERYDAY_TOOLS, S.ACCESS],
    ),
]
SECOND_ACCOUNTS = [
    ("admin-horizon", "Lucie", "Marchal", User.Kind.ADMIN, None),
    ("coord-nancy", "Thomas", "Henry", User.Kind.STAFF, ("nancy", Membership.Role.COORDINATOR)),
    ("benevole-nancy", "Samia", "Kaci", User.Kind.STAFF, ("nancy", Membership.Role.VOLUNTEER)),
]


def seed(network) -> None:
    password = make_password(DEMO_PASSWORD)
    organisation, _ = Organisation.objects.get_or_create(
        slug="reseau-tremplin", defaults={"name": "Réseau Tremplin"}
    )
    network.organisation = organisation
    network.password = password
    network.spaces = {row[0]: _space(organisation, row) for row in SPACES}
    network.partners = {
        key: PartnerOrganisation.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"kind": kind, "postcode": postcode, "town": town},
        )[0]
        for key, name, kind, postcode, town in PARTNERS
    }
    network.accounts = {row[0]: _named_account(network, *row) for row in NAMED_ACCOUNTS}
    admin = network.accounts["admin"]
    if not admin.is_superuser:
        # The demo's national administrator also opens Django's admin site.
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    _teams(network)
    _team_life(network)
    _second_organisation(network)
    network.stdout.write(
        f"  spaces: {len(network.spaces)} spaces, {Membership.objects.count()} staff roles"
    )


def _second_organisation(network) -> None:
    """Two spaces, a national administrator, a coordinator and a volunteer of their own."""
    slug, name = SECOND_ORGANISATION
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    spaces = {row[0]: _space(organisation, row) for row in SECOND_SPACES}
    second = SimpleNamespace(organisation=organisation, spaces=spaces, password=network.password)
    for row in SECOND_ACCOUNTS:
        network.accounts[row[0]] = _named_account(second, *row)
    network.second_organisation = organisation
    network.second_spaces = spaces


# Access information of a few spaces: step-free, the support they give, how to come.
ACCESS = {
    "strasbourg": (
        True,
        [Space.Support.DEAFNESS, Space.Support.ILLITERACY, Space.Support.OTHER_LANGUAGES],
        "Tram A ou E, arrêt Étoile Polygone. Rez-de-chaussée, sonnette à gauche.",
    ),
    "marseille": (
        True,
        [Space.Support.ILLITERACY, Space.Support.ENGLISH],
        "Métro 1 ou 2, arrêt Saint-Charles, à 5 minutes à pied.",
    ),
    "paris-20": (
        False,
        [Space.Support.OTHER_LANGUAGES],
        "Métro 2 ou 11, arrêt Belleville. 1er étage sans ascenseur.",
    ),
    "lyon": (True, [Space.Support.VISUAL], "Métro D, arrêt Guillotière."),
}


def _space(organisation, row) -> Space:
    slug, name, address, postcode, town, lat, lon, phone, hours, services = row
    is_step_free, support, access = ACCESS.get(row[0], (False, [], ""))
    space, _ = Space.objects.get_or_create(
        organisation=organisation,
        slug=slug,
        defaults={
            "name": name,
            "address": address,
            "postcode": postcode,
            "town": town,
            "latitude": Decimal(lat),
            "longitude": Decimal(lon),
            "phone": phone,
            "email": f"{slug}@tremplin.localhost",
            "opening_hours": hours,
            "services": [str(service) for service in services],
            "summary": f"Espace de solidarité numérique à {town} : accueil, formation, matériel solidaire.",
            "is_step_free": is_step_free,
            "specific_support": [str(value) for value in support],
            "access_details": access,
        },
    )
    return space


def _account(network, username, first_name, last_name, kind) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "kind": kind,
            "is_demo": True,
            "password": network.password,
        },
    )
    return user


def _named_account(network, username, first_name, last_name, kind, link) -> User:
    user = _account(network, username, first_name, last_name, kind)
    if kind == User.Kind.ADMIN:
        affiliate(user, network.organisation.pk)
    if kind == User.Kind.STAFF:
        slug, role = link
        Membership.objects.get_or_create(
            space=network.spaces[slug], user=user, defaults={"role": role}
        )
    if kind == User.Kind.PARTNER:
        PartnerAdviser.objects.get_or_create(
            user=user, defaults={"partner": network.partners[link]}
        )
    if kind == User.Kind.FUNDER:
        FunderAccess.objects.get_or_create(
            user=user,
            defaults={
                "organisation": network.organisation,
                "label": "Région Grand Est – programme Inclusion numérique",
            },
        )
    return user


def _teams(network) -> None:
    """A coordinator, two mediators and four to eight volunteers in every space."""
    faker, rng = network.faker, network.rng
    for slug, space in network.spaces.items():
        team = [
            (Membership.Role.COORDINATOR, 1),
            (Membership.Role.MEDIATOR, 2),
            (Membership.Role.VOLUNTEER, rng.randint(4, 8)),
        ]
        for role, count in team:
            for number in range(1, count + 1):
                username = f"{role}-{slug}-{number}"
                user = _account(
                    network, username, faker.first_name(), faker.last_name(), User.Kind.STAFF
                )
                Membership.objects.get_or_create(space=space, user=user, defaults={"role": role})
    for key, partner in network.partners.items():
        for number in (1, 2):
            user = _account(
                network,
                f"partner-{key}-{number}",
                faker.first_name(),
                faker.last_name(),
                User.Kind.PARTNER,
            )
            PartnerAdviser.objects.get_or_create(user=user, defaults={"partner": partner})


def _team_life(network) -> None:
    """Strasbourg's team at work: a civic-service volunteer, topics, languages and weekly
    availability, onboarding steps (Jeanne Weber has one left), manual hours, and the winter
    closure."""
    space = network.spaces["strasbourg"]
    organisation = network.organisation
    coordinator = network.accounts["coord-strasbourg"]
    today = timezone.localdate()
    Closure.objects.get_or_create(
        space=space,
        starts_on=datetime.date(today.year, 12, 24),
        defaults={"ends_on": datetime.date(today.year, 12, 31), "reason": "Congés d'hiver"},
    )
    jeanne = network.accounts["benevole-strasbourg"]
    civic = User.objects.get(username="volunteer-strasbourg-1")
    profiles = [
        (jeanne, ["smartphone", "email", "procedures"], ["fr", "de"], False),
        (civic, ["first_steps", "job_search"], ["fr", "ar"], True),
        (
            network.accounts["mediateur-strasbourg"],
            ["procedures", "security"],
            ["fr", "ar", "en"],
            False,
        ),
    ]
    for user, topics, languages, is_civic in profiles:
        HelperProfile.objects.get_or_create(
            user=user,
            defaults={
                "organisation": organisation,
                "topics": topics,
                "languages": languages,
                "is_civic_service": is_civic,
                "civic_service_starts_on": datetime.date(today.year, 9, 1) if is_civic else None,
                "civic_service_ends_on": datetime.date(today.year + 1, 6, 30) if is_civic else None,
            },
        )
    slots = [
        (jeanne, Availability.Weekday.TUESDAY, 14, 18),
        (jeanne, Availability.Weekday.THURSDAY, 9, 12),
        (civic, Availability.Weekday.MONDAY, 9, 17),
        (civic, Availability.Weekday.WEDNESDAY, 9, 17),
    ]
    for user, weekday, start, end in slots:
        Availability.objects.get_or_create(
            space=space,
            user=user,
            weekday=weekday,
            defaults={"start_time": datetime.time(start), "end_time": datetime.time(end)},
        )
    steps = {
        jeanne: ["charter", "data_protection", "shadowed"],
        civic: ["charter", "data_protection", "shadowed", "led"],
    }
    for user, done in steps.items():
        for number, step in enumerate(done):
            OnboardingStep.objects.get_or_create(
                user=user,
                step=step,
                defaults={
                    "organisation": organisation,
                    "done_on": today - datetime.timedelta(days=60 - 10 * number),
                    "recorded_by": coordinator if step != "charter" else user,
                },
            )
    if not HoursEntry.objects.filter(user=jeanne).exists():
        HoursEntry.objects.create(
            space=space,
            user=jeanne,
            worked_on=today - datetime.timedelta(days=5),
            minutes=180,
            activity="Forum des associations",
            recorded_by=jeanne,
        )

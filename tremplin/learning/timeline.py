"""The person's timeline entries from learning: code login created, modules finished,
certificates; each links to the helper page of the person's learning."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.learning import content
from tremplin.learning.models import Certificate, LearnerProfile, ModuleProgress
from tremplin.people.timeline import Action, Entry, Source


def _learning_url(person) -> str:
    return reverse("learning:person_learning", args=[person.pk])


def _rows_of_account(model, **filters):
    """The rows of the person's learning account; a person without one has none."""

    def rows(person, user):
        if person.account_id is None:
            return None
        return model.objects.filter(user_id=person.account_id, **filters)

    return rows


def module_entry(progress, person, user) -> Entry:
    modules = content.catalogue(get_language() or "fr").modules
    module = modules.get(progress.module_slug)
    return Entry(
        at=progress.completed_at,
        kind="learning",
        title=_("Module fini : %(title)s")
        % {"title": module.title if module else progress.module_slug},
        url=_learning_url(person),
        icon="learn",
    )


def account_entry(profile, person, user) -> Entry:
    return Entry(
        at=profile.created_at,
        kind="learning",
        title=_("Compte pour apprendre créé (identifiant et code)"),
        url=_learning_url(person),
        icon="learn",
    )


def certificate_entry(certificate, person, user) -> Entry:
    return Entry(
        at=certificate.issued_at,
        kind="learning",
        title=_("Attestation : %(title)s") % {"title": certificate.pathway_title},
        detail=certificate.display_code,
        url=_learning_url(person),
        icon="certificate",
    )


SOURCES = (
    Source(
        "module_finished",
        rows=_rows_of_account(ModuleProgress, completed_at__isnull=False),
        fields=("completed_at", "module_slug"),
        entry=module_entry,
    ),
    Source(
        "learning_account",
        rows=_rows_of_account(LearnerProfile),
        fields=("created_at",),
        entry=account_entry,
    ),
    Source(
        "certificate",
        rows=_rows_of_account(Certificate),
        fields=("issued_at", "pathway_title", "code"),
        entry=certificate_entry,
    ),
)


def learning_actions(person, user) -> list[Action]:
    """The button on the person's page: their learning account, progress and card."""
    return [
        Action(
            label=_("Apprentissage"),
            url=reverse("learning:person_learning", args=[person.pk]),
            icon="learn",
        )
    ]

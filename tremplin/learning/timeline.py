"""The person's timeline entries from learning: code login created, modules finished,
certificates; each links to the helper page of the person's learning."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.learning import content
from tremplin.learning.models import Certificate, LearnerProfile, ModuleProgress
from tremplin.people.timeline import Action, Entry


def learning_entries(person, user) -> list[Entry]:
    if person.account_id is None:
        return []
    url = reverse("learning:person_learning", args=[person.pk])
    modules = content.catalogue(get_language() or "fr").modules
    entries = [
        Entry(
            at=progress.completed_at,
            kind="learning",
            title=_("Module fini : %(title)s")
            % {
                "title": modules[progress.module_slug].title
                if progress.module_slug in modules
                else progress.module_slug
            },
            url=url,
            icon="learn",
        )
        for progress in ModuleProgress.objects.filter(
            user_id=person.account_id, completed_at__isnull=False
        )
    ]
    profile = LearnerProfile.objects.filter(user_id=person.account_id).first()
    if profile is not None:
        entries.append(
            Entry(
                at=profile.created_at,
                kind="learning",
                title=_("Compte pour apprendre créé (identifiant et code)"),
                url=url,
                icon="learn",
            )
        )
    entries += [
        Entry(
            at=certificate.issued_at,
            kind="learning",
            title=_("Attestation : %(title)s") % {"title": certificate.pathway_title},
            detail=certificate.display_code,
            url=url,
            icon="certificate",
        )
        for certificate in Certificate.objects.filter(user_id=person.account_id)
    ]
    return entries


def learning_actions(person, user) -> list[Action]:
    """The button on the person's page: their learning account, progress and card."""
    return [
        Action(
            label=_("Apprentissage"),
            url=reverse("learning:person_learning", args=[person.pk]),
            icon="learn",
        )
    ]

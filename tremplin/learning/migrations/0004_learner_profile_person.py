"""Learner profiles record the person they were made for (decision 0007).

Existing profiles get the person whose account they are. A profile a double click left unlinked
gets the one person of its organisation, not erased, with its account's exact name; when no such
person is left (the person was erased, and the orphan kept their name), its account is closed as
erasure closes one. Profiles with several candidates stay unlinked for the national team to look
at: ``LearnerProfile.objects.filter(person=None)``.
"""

import secrets

import django.db.models.deletion

from django.conf import settings
from django.db import migrations, models


def link_profiles(apps, schema_editor):
    LearnerProfile = apps.get_model("learning", "LearnerProfile")
    Person = apps.get_model("people", "Person")
    linked = dict(Person.objects.filter(account__isnull=False).values_list("account_id", "pk"))
    for profile in LearnerProfile.objects.filter(person__isnull=True).select_related("user"):
        user = profile.user
        person_id = linked.get(user.pk)
        if person_id is None and user.is_active and (user.first_name or user.last_name):
            candidates = list(
                Person.objects.filter(
                    organisation_id=profile.organisation_id,
                    anonymised_at__isnull=True,
                    first_name=user.first_name,
                    last_name=user.last_name,
                ).values_list("pk", flat=True)[:2]
            )
            if len(candidates) == 1:
                person_id = candidates[0]
            elif not candidates:
                user.first_name = user.last_name = user.email = ""
                user.username = f"compte-efface-{user.pk}"
                user.is_active = False
                user.password = "!" + secrets.token_urlsafe(30)  # unusable, as Django makes it
                user.save()
        if person_id is not None:
            LearnerProfile.objects.filter(pk=profile.pk).update(person_id=person_id)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_code_lock"),
        ("people", "0002_person_account_and_trigram_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="learnerprofile",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="learner_profiles",
                to="people.person",
            ),
        ),
        migrations.RunPython(link_profiles, migrations.RunPython.noop, elidable=True),
    ]

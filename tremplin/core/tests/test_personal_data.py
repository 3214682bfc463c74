"""The personal-data contract (decision 0007): every model that may hold data about a person says,
field by field, what erasure removes and keeps and what the export leaves out.

The walk goes through every installed model with the public ``_meta`` API. A model must declare
``PERSONAL_DATA`` when it points at a person, at an account (a learner's account is a person's),
or at a model that declares it; or when it has a field that can hold a name, a phone number, an
e-mail or an address, or free text (a text field that is neither a choice nor a code). Models of
Django and third parties, and ours that hold nothing about the people we help, are allowlisted
below with their reason, or say so themselves with ``PERSONAL_DATA = NotPersonal(reason)``.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps

from tremplin.core.personal_data import BLANK, NotPersonal, PersonalData, contract_of
from tremplin.people.models import Person

NOT_ABOUT_THE_PEOPLE_WE_HELP = {
    # Django and third parties
    "admin.LogEntry": "staff actions in the admin; erasure renames the entries of a closed account",
    "auth.Permission": "names of permissions",
    "auth.Group": "names of groups",
    "contenttypes.ContentType": "names of models",
    "sessions.Session": "an account id only; sessions expire, and a closed account is inactive",
    "otp_totp.TOTPDevice": "the second factor of staff accounts, never of a person we help",
    "otp_static.StaticDevice": "the backup codes of staff accounts, never of a person we help",
    "otp_static.StaticToken": "one backup code of a staff account",
    "axes.AccessAttempt": "usernames and addresses of logins: purge_access_log deletes them",
    "axes.AccessLog": "usernames and addresses of logins: purge_access_log deletes them",
    "axes.AccessFailureLog": "usernames and addresses of logins: purge_access_log deletes them",
    "axes.AccessAttemptExpiration": "the expiry of an access attempt, deleted with it",
    "django_tasks_database.DBTaskResult": "tasks take ids and dates, never personal data",
    # Ours
    "core.SubmissionToken": "a random token and the address of a result page",
    "accounts.FailedAttempt": "keyed hashes of an address and a username, deleted after the window",
    "accounts.SecurityEvent": "what staff did to other staff accounts' security",
    "accounts.User": "erasure closes every account of a person (people.services._close_account);"
    " staff accounts are staff data, outside this contract",
    "spaces.Organisation": "the network's name",
    "spaces.Space": "a place's public address and contacts (the directory)",
    "spaces.Membership": "a staff member's role in a space",
    "spaces.PartnerOrganisation": "a partner organisation's name and town",
    "spaces.PartnerAdviser": "links an adviser's staff account to their organisation",
    "spaces.FunderAccess": "links a funder's account to an organisation",
    "spaces.Affiliation": "links a staff account to an organisation",
    "spaces.Invitation": "a staff role offered in a space and the hash of its link",
    "spaces.HelperProfile": "a staff member's topics, languages and contract dates",
    "spaces.Availability": "the weekly hours a staff member can come",
    "spaces.HoursEntry": "a staff member's volunteer hours",
    "spaces.OnboardingStep": "a staff member's onboarding steps",
    "people.ConsentText": "the wording of consent, the same for everyone",
    "workshops.Assignment": "a staff member helping at a session, like a Membership",
    "workshops.CalendarFeed": "the secret address of a staff member's or a space's agenda",
}

# A text field whose name ends so holds a code, an identifier or a hash, never free text.
CODE_ENDINGS = ("code", "hash", "token", "_id", "slug", "stem", "key", "language", "version")


def _why_declare(model: type[models.Model], declared: set) -> list[str]:
    """The reasons a model must declare PERSONAL_DATA (empty when none)."""
    reasons = []
    for field in model._meta.get_fields(include_hidden=True):
        if field.auto_created and not field.concrete:
            continue  # reverse relations: seen from the model that declares them
        if field.is_relation:
            target = field.related_model
            if target is Person or target._meta.label == settings.AUTH_USER_MODEL:
                reasons.append(f"{field.name} points at {target._meta.label}")
            elif target in declared:
                reasons.append(f"{field.name} points at {target._meta.label}, which declares it")
            continue
        if _can_identify(field):
            reasons.append(f"{field.name} can hold a name, a contact or free text")
    return reasons


def _can_identify(field: models.Field) -> bool:
    name = field.name.lower()
    if isinstance(field, models.EmailField | models.GenericIPAddressField):
        return True
    if not isinstance(field, models.CharField | models.TextField):
        return False
    if isinstance(field, models.SlugField) or field.choices or name.endswith(CODE_ENDINGS):
        return False
    return True


def personal_data_problems(throwaway_models=()) -> list[str]:
    """Everything wrong with the declarations of the installed models, or only of the
    ``throwaway_models`` given (checked against the installed ones)."""
    every_model = [*apps.get_models(), *throwaway_models]
    declared = {model for model in every_model if contract_of(model)}
    problems = []
    for model in throwaway_models or every_model:
        label = model._meta.label
        contract = contract_of(model)
        not_personal = model.__dict__.get("PERSONAL_DATA")
        if contract is not None:
            problems += contract.problems(model)
            if label in NOT_ABOUT_THE_PEOPLE_WE_HELP:
                problems.append(f"{label}: both declared and allowlisted")
        elif isinstance(not_personal, NotPersonal):
            about_people = [
                reason
                for reason in _why_declare(model, declared)
                if "people.Person" in reason or "which declares it" in reason
            ]
            if about_people or not not_personal.reason.strip():
                problems.append(
                    f"{label}: NotPersonal, yet {'; '.join(about_people) or 'no reason'}"
                )
        elif label not in NOT_ABOUT_THE_PEOPLE_WE_HELP:
            reasons = _why_declare(model, declared)
            if reasons:
                problems.append(f"{label}: no PERSONAL_DATA, yet {'; '.join(reasons)}")
    return problems


def test_every_model_that_may_hold_personal_data_declares_how():
    assert personal_data_problems() == []


def test_every_table_pointing_at_a_person_or_an_account_is_declared_even_when_hidden():
    """``related_name="+"`` hides a relation from ``_meta.related_objects``, not from this."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for target in (Person, user_model):
        for relation in target._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete):
                continue
            model = relation.related_model
            if model._meta.auto_created:  # the table of a many-to-many: its owner decides
                model = model._meta.auto_created
            assert contract_of(model) or model._meta.label in NOT_ABOUT_THE_PEOPLE_WE_HELP, (
                f"{model._meta.label} points at {target._meta.label} and is undeclared"
            )


def test_the_allowlist_names_only_installed_models():
    installed = {model._meta.label for model in apps.get_models()}
    assert set(NOT_ABOUT_THE_PEOPLE_WE_HELP) <= installed


# The check can fail: throwaway models, never migrated, show what it reports ----------------------


@isolate_apps("tremplin.core")
def test_the_check_reports_an_undeclared_model_that_points_at_a_person_through_a_hidden_relation():
    class Visit(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
        happened_on = models.DateField()

        class Meta:
            app_label = "core"

    problems = personal_data_problems([Visit])
    assert problems == ["core.Visit: no PERSONAL_DATA, yet person points at people.Person"]


@isolate_apps("tremplin.core")
def test_the_check_reports_free_text_a_name_a_phone_and_an_account():
    class Callback(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        account = models.ForeignKey(
            apps.get_model(settings.AUTH_USER_MODEL), on_delete=models.CASCADE, related_name="+"
        )
        caller_name = models.CharField(max_length=100)
        phone = models.CharField(max_length=20)
        remark = models.TextField()
        status = models.CharField(max_length=10, choices=[("new", "new")])
        ticket_code = models.CharField(max_length=10)

        class Meta:
            app_label = "core"

    [problem] = personal_data_problems([Callback])
    assert problem.startswith("core.Callback: no PERSONAL_DATA")
    for name in ["account", "caller_name", "phone", "remark"]:
        assert f"{name} " in problem
    assert "status" not in problem and "ticket_code" not in problem


@isolate_apps("tremplin.core")
def test_the_check_reports_a_model_that_hangs_off_a_declared_one():
    declared_model = apps.get_model("diagnostic", "DiagnosticSession")

    class DiagnosticNote(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        session = models.ForeignKey(declared_model, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "core"

    [problem] = personal_data_problems([DiagnosticNote])
    assert "session points at diagnostic.DiagnosticSession, which declares it" in problem


@isolate_apps("tremplin.core")
def test_the_check_reports_a_field_left_out_of_a_declaration_and_a_wrong_path():
    class Message(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        PERSONAL_DATA = PersonalData(
            person="sender", erase={"body": BLANK}, keep=["body", "nowhere"]
        )

        recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
        body = models.TextField(blank=True)
        sent_at = models.DateTimeField()

        class Meta:
            app_label = "core"

    assert sorted(personal_data_problems([Message])) == [
        "core.Message.body: both erased and kept",
        "core.Message.nowhere: declared but not a field",
        "core.Message.recipient: neither erased nor kept",
        "core.Message.sent_at: neither erased nor kept",
        "core.Message: person='sender' does not lead to people.Person",
    ]


@isolate_apps("tremplin.core")
def test_a_model_may_say_it_holds_nothing_about_people_unless_it_points_at_one():
    class Room(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        PERSONAL_DATA = NotPersonal("names of rooms")

        name = models.CharField(max_length=80)

        class Meta:
            app_label = "core"

    class Seat(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        PERSONAL_DATA = NotPersonal("seats")

        person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "core"

    assert personal_data_problems([Room]) == []
    assert personal_data_problems([Seat]) == [
        "core.Seat: NotPersonal, yet person points at people.Person"
    ]


@isolate_apps("tremplin.core")
def test_a_model_with_only_codes_and_choices_needs_no_declaration():
    class Counter(models.Model):  # noqa: DJ008 - a throwaway model, never shown
        item_id = models.CharField(max_length=64)
        module_slug = models.SlugField()
        state = models.CharField(max_length=10, choices=[("on", "on")])
        total = models.PositiveIntegerField()

        class Meta:
            app_label = "core"

    assert personal_data_problems([Counter]) == []

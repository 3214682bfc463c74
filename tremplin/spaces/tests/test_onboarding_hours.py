"""A helper's onboarding checklist, weekly availability and hours."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tremplin.learning.models import ModuleProgress
from tremplin.spaces import activity, team
from tremplin.spaces.models import Availability, HoursEntry, Membership, OnboardingStep

Step = OnboardingStep.Step
PARIS = timezone.get_fixed_timezone(60)


def test_a_new_helper_has_four_steps_to_do(personas):
    checklist = team.checklists_of([personas.volunteer])[personas.volunteer.pk]
    assert [item.step for item in checklist.items] == [
        "charter",
        "data_protection",
        "shadowed",
        "led",
    ]
    assert checklist.done_count == 0 and not checklist.is_ready


def test_a_helper_is_ready_once_every_step_is_done(personas):
    for step in Step.values:
        team.record_step(
            personas.volunteer, step=step, by=personas.coordinator, space=personas.strasbourg
        )
    checklist = team.checklists_of([personas.volunteer])[personas.volunteer.pk]
    assert checklist.is_ready and checklist.done_count == 4


def test_recording_a_step_twice_keeps_its_first_date(personas):
    first = team.record_step(
        personas.volunteer,
        step="shadowed",
        by=personas.coordinator,
        space=personas.strasbourg,
        done_on=datetime.date(2026, 10, 1),
    )
    again = team.record_step(
        personas.volunteer, step="shadowed", by=personas.coordinator, space=personas.strasbourg
    )
    assert again.pk == first.pk and again.done_on == datetime.date(2026, 10, 1)


def test_a_helper_signs_the_charter_but_ticks_nothing_else(personas, client_for):
    client = client_for("volunteer")
    assert client.post("/staff/me/charter/").status_code == 302
    assert OnboardingStep.objects.filter(user=personas.volunteer, step="charter").exists()
    with pytest.raises(PermissionDenied):
        team.record_step(
            personas.volunteer, step="led", by=personas.volunteer, space=personas.strasbourg
        )


def test_a_volunteer_cannot_tick_a_colleague_step(personas, client_for):
    membership = Membership.objects.get(user=personas.mediator)
    url = f"/staff/spaces/{personas.strasbourg.pk}/team/{membership.pk}/onboarding/"
    assert client_for("volunteer").post(url, {"step": "led"}).status_code == 403
    assert client_for("coordinator").post(url, {"step": "led"}).status_code == 302
    assert OnboardingStep.objects.filter(user=personas.mediator, step="led").exists()


def test_an_unknown_step_is_refused(personas):
    with pytest.raises(ValidationError):
        team.record_step(
            personas.volunteer, step="party", by=personas.coordinator, space=personas.strasbourg
        )


def test_the_data_protection_module_completed_in_learning_ticks_the_step(personas):
    """Learning feeds the step through ``activity.register_completed_modules`` (its
    ``for_spaces.completed_modules``), from the module's completion date."""
    completed_at = datetime.datetime(2026, 11, 20, 15, 0, tzinfo=datetime.UTC)
    ModuleProgress.objects.create(
        organisation=personas.organisation,
        user=personas.volunteer,
        module_slug=team.DATA_PROTECTION_MODULE,
        completed_at=completed_at,
    )
    ModuleProgress.objects.create(
        organisation=personas.organisation,
        user=personas.mediator,
        module_slug=team.DATA_PROTECTION_MODULE,
    )
    checklist = team.checklists_of([personas.volunteer, personas.mediator])
    item = checklist[personas.volunteer.pk].items[1]
    assert item.is_done and item.source == "learning"
    assert item.done_on == datetime.date(2026, 11, 20)
    assert not checklist[personas.mediator.pk].items[1].is_done  # started, not finished


def test_the_helper_page_shows_the_checklist(personas, client_for):
    page = client_for("volunteer").get("/staff/me/").text
    assert "Pour bien commencer" in page and "Charte du bénévole" in page
    assert "J'ai lu la charte et je la signe" in page


# Availability ------------------------------------------------------------------------------


def _slot(user, space, weekday=1, start=(14, 0), end=(17, 0)):
    return team.add_availability(
        user,
        space=space,
        weekday=weekday,
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
    )


def test_available_helpers_are_those_whose_slot_covers_the_session(personas):
    _slot(personas.volunteer, personas.strasbourg)  # Tuesday 14:00-17:00
    _slot(personas.mediator, personas.strasbourg, start=(15, 0), end=(18, 0))
    tuesday = timezone.make_aware(datetime.datetime(2026, 12, 8, 14, 30))
    found = team.available_helpers(
        personas.strasbourg, tuesday, tuesday + datetime.timedelta(hours=2)
    )
    assert list(found) == [personas.volunteer]
    wednesday = tuesday + datetime.timedelta(days=1)
    assert not team.available_helpers(
        personas.strasbourg, wednesday, wednesday + datetime.timedelta(hours=1)
    ).exists()


def test_a_deactivated_helper_is_no_longer_available(personas):
    _slot(personas.volunteer, personas.strasbourg)
    team.deactivate(Membership.objects.get(user=personas.volunteer), by=personas.coordinator)
    tuesday = timezone.make_aware(datetime.datetime(2026, 12, 8, 14, 30))
    assert not team.available_helpers(
        personas.strasbourg, tuesday, tuesday + datetime.timedelta(hours=1)
    ).exists()


def test_overlapping_or_reversed_slots_are_refused(personas):
    _slot(personas.volunteer, personas.strasbourg)
    with pytest.raises(ValidationError):
        _slot(personas.volunteer, personas.strasbourg, start=(16, 0), end=(18, 0))
    with pytest.raises(ValidationError):
        _slot(personas.volunteer, personas.strasbourg, weekday=2, start=(18, 0), end=(9, 0))
    with pytest.raises(PermissionDenied):
        _slot(personas.volunteer, personas.marseille, weekday=3)


def test_the_availability_form_keeps_what_was_typed_on_error(personas, client_for):
    response = client_for("volunteer").post(
        "/staff/me/availability/",
        {"space": personas.strasbourg.pk, "weekday": 1, "start_time": "17:00", "end_time": "9"},
    )
    assert response.status_code == 200
    assert "Écrivez une heure" in response.text
    assert not Availability.objects.exists()


def test_topics_and_languages_are_saved(personas, client_for):
    client_for("volunteer").post(
        "/staff/me/profile/", {"topics": ["smartphone", "procedures"], "languages": ["ar"]}
    )
    profile = team.helper_profile_of(personas.volunteer)
    assert profile.topics == ["smartphone", "procedures"] and profile.language_labels() == ["arabe"]


# Hours -------------------------------------------------------------------------------------


def test_hours_add_sessions_helped_and_manual_entries(personas):
    now = timezone.now()
    since = now - datetime.timedelta(days=30)

    def helped(user_ids, *, since, until):
        return [
            activity.HelpedSession(personas.volunteer.pk, personas.strasbourg.pk, "A", now, 90),
            activity.HelpedSession(personas.volunteer.pk, personas.marseille.pk, "B", now, 60),
        ]

    team.record_hours(
        personas.volunteer,
        space=personas.strasbourg,
        worked_on=timezone.localdate(now),
        minutes=45,
        activity_text="Forum des associations",
        by=personas.volunteer,
    )
    activity.register_helped_sessions(helped)
    try:
        hours = team.hours_of([personas.volunteer, personas.mediator], since=since, until=now)
        in_strasbourg = team.hours_of(
            [personas.volunteer], since=since, until=now, space=personas.strasbourg
        )
    finally:
        activity._helped_sessions.remove(helped)
    mine = hours[personas.volunteer.pk]
    assert (mine.session_minutes, mine.manual_minutes, mine.total_minutes) == (150, 45, 195)
    assert mine.total_display == "3 h 15"
    assert in_strasbourg[personas.volunteer.pk].total_minutes == 135
    assert hours[personas.mediator.pk].total_minutes == 0


@pytest.mark.parametrize(
    ("minutes", "expected"), [(0, "0 h"), (45, "45 min"), (60, "1 h"), (125, "2 h 05")]
)
def test_durations_are_said_in_hours_and_minutes(minutes, expected):
    assert team.spoken_duration(minutes) == expected


def test_manual_hours_refuse_the_future_and_odd_durations(personas, client_for):
    client = client_for("volunteer")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for minutes, day in ((90, tomorrow), (0, timezone.localdate()), (900, timezone.localdate())):
        response = client.post(
            "/staff/me/hours/",
            {
                "space": personas.strasbourg.pk,
                "worked_on": day.isoformat(),
                "minutes": minutes,
                "activity_text": "Formation",
            },
        )
        assert response.status_code == 200
    assert not HoursEntry.objects.exists()


def test_a_helper_notes_their_hours(personas, client_for):
    response = client_for("volunteer").post(
        "/staff/me/hours/",
        {
            "space": personas.strasbourg.pk,
            "worked_on": timezone.localdate().isoformat(),
            "minutes": 120,
            "activity_text": "Formation",
        },
    )
    assert response.status_code == 302
    assert HoursEntry.objects.get().minutes == 120


def test_a_helper_cannot_note_hours_for_someone_else(personas):
    with pytest.raises(PermissionDenied):
        team.record_hours(
            personas.mediator,
            space=personas.strasbourg,
            worked_on=timezone.localdate(),
            minutes=30,
            activity_text="x",
            by=personas.volunteer,
        )


# Uncovered slots ---------------------------------------------------------------------------


def test_uncovered_slots_are_the_drop_ins_without_a_helper_with_who_could_come(personas):
    _slot(personas.volunteer, personas.strasbourg)
    tuesday = timezone.make_aware(datetime.datetime(2026, 12, 8, 14, 0))
    now = tuesday - datetime.timedelta(days=1)

    def slots(space_ids, *, since, until):
        return [
            activity.Slot(personas.strasbourg.pk, "Permanence", tuesday, tuesday.replace(hour=16)),
            activity.Slot(
                personas.strasbourg.pk,
                "Permanence couverte",
                tuesday.replace(hour=16),
                tuesday.replace(hour=17),
                helper_ids=(personas.mediator.pk,),
            ),
            activity.Slot(
                personas.strasbourg.pk,
                "Trop loin",
                tuesday + datetime.timedelta(days=9),
                tuesday + datetime.timedelta(days=9, hours=1),
            ),
        ]

    activity.register_drop_in_slots(slots)
    try:
        uncovered = team.uncovered_slots([personas.strasbourg], now=now)
    finally:
        activity._drop_in_slots.remove(slots)
    assert [item.slot.title for item in uncovered] == ["Permanence"]
    assert uncovered[0].candidates == [personas.volunteer]

"""The table of capabilities: what each role may do, in one place, and the page that shows it."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tremplin.spaces.capabilities import ROLE_CAPABILITIES, Capability, capability_table
from tremplin.spaces.models import Membership
from tremplin.spaces.permissions import can, role_in

ROLES_PAGE = Path(__file__).resolve().parents[3] / "docs" / "roles.md"
C = Capability


def test_the_roles_page_shows_the_table_of_the_code():
    page = ROLES_PAGE.read_text(encoding="utf-8")
    shown = re.search(r"start -->\n(.*)<!-- capability table: end", page, re.S).group(1)
    with translation.override("fr"):
        assert shown == capability_table()


def test_each_role_holds_what_the_one_below_it_holds():
    volunteer, mediator, coordinator = (ROLE_CAPABILITIES[role] for role in Membership.Role.values)
    assert volunteer < mediator < coordinator <= ROLE_CAPABILITIES["admin"]


@pytest.mark.parametrize(
    "role, allowed, refused",
    [
        ("volunteer", {C.INTAKE, C.DIAGNOSE, C.ACCOMPANY}, {C.SUPPORT_PLAN, C.EXPORT_PERSON}),
        ("mediator", {C.SUPPORT_PLAN, C.MANDATE, C.EXPORT_PERSON}, {C.ERASE_PERSON}),
        ("coordinator", {C.ERASE_PERSON, C.MANAGE_TEAM, C.READ_STATISTICS}, set()),
    ],
)
def test_what_each_staff_role_may_do_in_its_space(personas, role, allowed, refused):
    user = getattr(personas, role)
    assert all(can(user, capability, personas.strasbourg) for capability in allowed)
    assert not any(can(user, capability, personas.strasbourg) for capability in refused)
    assert not any(can(user, capability, personas.marseille) for capability in Capability)


def test_the_national_team_holds_everything_in_its_own_organisation_only(personas):
    assert role_in(personas.admin, personas.strasbourg) == "admin"
    assert role_in(personas.admin, personas.nancy) is None
    assert role_in(personas.other_admin, personas.strasbourg) is None
    assert all(can(personas.other_admin, c, personas.nancy) for c in Capability)


@pytest.mark.parametrize("role", ["partner", "partner_b", "funder", "learner"])
def test_partners_funders_and_learners_hold_no_staff_capability(personas, role):
    user = getattr(personas, role)
    assert not any(can(user, c, personas.strasbourg) for c in Capability)

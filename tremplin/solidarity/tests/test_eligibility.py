"""Eligibility as a matrix: each rule, each limit, the boundary dates. ``reasons_against`` is
pure: no database here, except for the last tests that read the facts from records."""

import datetime

import pytest

from tremplin.solidarity.eligibility import (
    Applicant,
    Limit,
    PastSale,
    Rules,
    check,
    reasons_against,
)
from tremplin.solidarity.models import Family, Offer, OfferLimit
from tremplin.solidarity.tests.factories import make_offer, make_sale

DAY = datetime.date(2026, 6, 15)
P = Offer.Proof
S = Offer.Situation
OFFER, FAMILY = OfferLimit.Counts.OFFER, OfferLimit.Counts.FAMILY


def rules(**fields) -> Rules:
    fields.setdefault("offer_id", 1)
    fields.setdefault("family", Family.RECHARGE)
    return Rules(**fields)


def verdict(applicant=None, past=(), quantity=1, on=DAY, **rule_fields) -> list[str]:
    applicant = applicant or Applicant()
    return reasons_against(applicant, rules(**rule_fields), past, quantity=quantity, on=on)


REFERRED = Applicant(referred_on=DAY - datetime.timedelta(days=30))
ASSESSED = Applicant(assessed_until=DAY)


@pytest.mark.parametrize(
    "proof, applicant, eligible",
    [
        (P.NONE, Applicant(), True),
        (P.REFERRAL, Applicant(), False),
        (P.REFERRAL, REFERRED, True),
        (P.REFERRAL, ASSESSED, False),
        (P.ASSESSMENT, Applicant(), False),
        (P.ASSESSMENT, ASSESSED, True),
        (P.ASSESSMENT, REFERRED, False),
        (P.EITHER, Applicant(), False),
        (P.EITHER, REFERRED, True),
        (P.EITHER, ASSESSED, True),
    ],
)
def test_each_proof_rule(proof, applicant, eligible):
    assert (verdict(applicant, proof=proof) == []) is eligible


@pytest.mark.parametrize(
    "referred_on, eligible",
    [
        (DAY, True),  # referred this morning
        (DAY + datetime.timedelta(days=1), False),  # a date to come proves nothing yet
        (datetime.date(2025, 6, 16), True),  # the last day of the twelve months
        (datetime.date(2025, 6, 15), False),  # twelve months ago to the day: it has lapsed
    ],
)
def test_a_referral_stands_twelve_months(referred_on, eligible):
    applicant = Applicant(referred_on=referred_on)
    assert (verdict(applicant, proof=P.REFERRAL) == []) is eligible


@pytest.mark.parametrize(
    "assessed_until, eligible",
    [(DAY, True), (DAY - datetime.timedelta(days=1), False), (None, False)],
)
def test_an_assessment_stands_to_its_last_day_included(assessed_until, eligible):
    applicant = Applicant(assessed_until=assessed_until)
    assert (verdict(applicant, proof=P.ASSESSMENT) == []) is eligible


@pytest.mark.parametrize(
    "situations, match, income, job_seeker, eligible",
    [
        ((), Offer.Match.ANY, False, False, True),
        ((S.INCOME_SUPPORT,), Offer.Match.ANY, False, False, False),
        ((S.INCOME_SUPPORT,), Offer.Match.ANY, True, False, True),
        ((S.INCOME_SUPPORT, S.JOB_SEEKER), Offer.Match.ANY, False, True, True),
        ((S.INCOME_SUPPORT, S.JOB_SEEKER), Offer.Match.ANY, False, False, False),
        ((S.INCOME_SUPPORT, S.JOB_SEEKER), Offer.Match.ALL, True, False, False),
        ((S.INCOME_SUPPORT, S.JOB_SEEKER), Offer.Match.ALL, True, True, True),
    ],
)
def test_each_situation_rule(situations, match, income, job_seeker, eligible):
    applicant = Applicant(has_income_support=income, is_job_seeker=job_seeker)
    result = verdict(applicant, situations=situations, situations_match=match)
    assert (result == []) is eligible


def test_a_refusal_says_which_situation_is_missing():
    [reason] = verdict(
        Applicant(has_income_support=True),
        situations=(S.INCOME_SUPPORT, S.JOB_SEEKER),
        situations_match=Offer.Match.ALL,
    )
    assert "La fiche n'indique pas : inscrit·e à France Travail." in reason


def sale(days_ago: int = 0, *, on=None, offer_id=1, family=Family.RECHARGE, quantity=1):
    return PastSale(
        offer_id=offer_id,
        family=family,
        quantity=quantity,
        sold_on=on or DAY - datetime.timedelta(days=days_ago),
    )


ONE_DEVICE_A_YEAR = (Limit(max_units=1, months=12, counts=FAMILY),)
FOUR_RECHARGES_A_MONTH = (Limit(max_units=4, months=1, counts=OFFER),)


@pytest.mark.parametrize(
    "bought_on, eligible",
    [
        (datetime.date(2025, 6, 15), True),  # twelve months ago to the day: possible again
        (datetime.date(2025, 6, 16), False),  # the last day it counts
        (DAY, False),  # bought this morning
        (DAY + datetime.timedelta(days=1), True),  # a date to come does not count
    ],
)
def test_one_device_per_twelve_months_boundaries(bought_on, eligible):
    past = [sale(on=bought_on, offer_id=2, family=Family.DEVICE)]
    result = verdict(past=past, offer_id=1, family=Family.DEVICE, limits=ONE_DEVICE_A_YEAR)
    assert (result == []) is eligible


def test_a_family_limit_counts_the_other_offers_of_the_family_and_says_when_again():
    past = [sale(on=datetime.date(2026, 3, 3), offer_id=2, family=Family.DEVICE)]
    [reason] = verdict(past=past, family=Family.DEVICE, limits=ONE_DEVICE_A_YEAR)
    assert reason == (
        "Limite atteinte : au plus 1 appareil sur 12 mois. Déjà acheté sur cette période : "
        "1 appareil, la dernière fois le 3 mars 2026. Possible à nouveau à partir du 3 mars 2027."
    )


def test_an_offer_limit_ignores_the_other_offers_of_the_family():
    past = [sale(1, offer_id=2, quantity=4)]
    assert verdict(past=past, limits=FOUR_RECHARGES_A_MONTH) == []


@pytest.mark.parametrize(
    "already, quantity, eligible",
    [(0, 4, True), (3, 1, True), (4, 1, False), (2, 3, False), (0, 5, False)],
)
def test_at_most_four_recharges_a_month(already, quantity, eligible):
    past = [sale(days) for days in range(already)]
    result = verdict(past=past, quantity=quantity, limits=FOUR_RECHARGES_A_MONTH)
    assert (result == []) is eligible


def test_the_month_window_ends_the_same_day_of_the_previous_month():
    on_the_day = [sale(on=datetime.date(2026, 5, 15), quantity=4)]
    day_after = [sale(on=datetime.date(2026, 5, 16), quantity=4)]
    assert verdict(past=on_the_day, limits=FOUR_RECHARGES_A_MONTH) == []
    assert verdict(past=day_after, limits=FOUR_RECHARGES_A_MONTH) != []


def test_asking_more_than_the_limit_at_once_says_to_ask_less():
    [reason] = verdict(quantity=6, limits=FOUR_RECHARGES_A_MONTH)
    assert reason == "Limite : au plus 4 unités de cette offre par mois. Demandez-en moins."


def test_the_date_again_waits_for_enough_units_to_leave_the_window():
    past = [sale(on=datetime.date(2026, 5, 20)), sale(on=datetime.date(2026, 6, 1), quantity=3)]
    [reason] = verdict(past=past, quantity=2, limits=FOUR_RECHARGES_A_MONTH)
    assert reason.endswith("Possible à nouveau à partir du 1er juillet 2026.")


def test_every_rule_not_met_is_a_reason_of_its_own():
    past = [sale(1, quantity=4)]
    reasons = verdict(
        past=past,
        proof=P.EITHER,
        situations=(S.INCOME_SUPPORT,),
        limits=FOUR_RECHARGES_A_MONTH,
    )
    assert len(reasons) == 3
    assert reasons[0].startswith("Cette offre demande une orientation par un partenaire")


# From the records -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_check_reads_the_referral_fact_the_situation_and_completed_sales_only(personas):
    from tremplin.people.services import record_referral
    from tremplin.people.tests.factories import make_person
    from tremplin.solidarity import services

    person = make_person(personas.strasbourg, has_income_support=True)
    offer = make_offer(
        personas.organisation,
        proof=P.REFERRAL,
        situations=[S.INCOME_SUPPORT],
        limits=[(1, 1, OFFER)],
    )
    today = datetime.date.today()
    assert len(check(person, offer, quantity=1, on=today)) == 1
    record_referral(person, partner=personas.partner.partner_adviser.partner)
    assert check(person, offer, quantity=1, on=today) == []
    first = make_sale(person, offer, seller=personas.mediator)
    assert len(check(person, offer, quantity=1, on=today)) == 1
    services.cancel_sale(first, reason="Erreur de saisie", by=personas.mediator)
    assert check(person, offer, quantity=1, on=today) == []

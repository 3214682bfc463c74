"""Who may buy an offer: one pure function over the person's facts, the offer's rules and the
person's past sales, returning the reasons of a refusal in plain French (none: eligible).

``reasons_against`` touches no database, so the rules are tested as a matrix (each rule, each
limit, each boundary date). ``check`` reads what it needs from the database in three queries and
calls it; the sale service calls ``check`` inside its locks.

Dates are local days. A referral stands for ``REFERRAL_MONTHS`` from the day it was made; an
assessment from its day to its ``valid_until``, both included. A limit of N units over M months
counts the completed sales of the last M months: a sale on 3 March 2026 under « 1 per 12 months »
counts until 2 March 2027, and another is possible from 3 March 2027.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.pdf import french_date
from tremplin.solidarity.models import FAMILY_OF_KIND, Assessment, Family, Offer, OfferLimit, Sale

# A referral a year old no longer says much about someone's situation: the partner refers again.
REFERRAL_MONTHS = 12


@dataclass(frozen=True)
class Applicant:
    referred_on: datetime.date | None = None
    assessed_until: datetime.date | None = None  # the end of the latest assessment begun by then
    has_income_support: bool = False
    is_job_seeker: bool = False


@dataclass(frozen=True)
class Limit:
    max_units: int
    months: int
    counts: str = OfferLimit.Counts.OFFER


@dataclass(frozen=True)
class Rules:
    offer_id: int
    family: str
    proof: str = Offer.Proof.NONE
    situations: tuple[str, ...] = ()
    situations_match: str = Offer.Match.ANY
    limits: tuple[Limit, ...] = ()


@dataclass(frozen=True)
class PastSale:
    offer_id: int
    family: str
    quantity: int
    sold_on: datetime.date


def is_referred(applicant: Applicant, on: datetime.date) -> bool:
    referred = applicant.referred_on
    return referred is not None and referred <= on < referred + relativedelta(
        months=REFERRAL_MONTHS
    )


def is_assessed(applicant: Applicant, on: datetime.date) -> bool:
    return applicant.assessed_until is not None and on <= applicant.assessed_until


def reasons_against(
    applicant: Applicant,
    rules: Rules,
    past_sales: list[PastSale] | tuple[PastSale, ...],
    *,
    quantity: int,
    on: datetime.date,
) -> list[str]:
    """Why ``applicant`` may not buy ``quantity`` units on day ``on``: one plain sentence per
    rule not met, in the order proof, situation, limits. An empty list means eligible."""
    reasons = []
    proof = _proof_reason(applicant, rules.proof, on)
    if proof:
        reasons.append(proof)
    situation = _situation_reason(applicant, rules)
    if situation:
        reasons.append(situation)
    for limit in rules.limits:
        reason = _limit_reason(limit, rules, past_sales, quantity=quantity, on=on)
        if reason:
            reasons.append(reason)
    return reasons


def _proof_reason(applicant: Applicant, proof: str, on: datetime.date) -> str:
    referred, assessed = is_referred(applicant, on), is_assessed(applicant, on)
    if proof == Offer.Proof.REFERRAL and not referred:
        return _(
            "Cette offre demande une orientation par un partenaire (travailleur social, France "
            "Travail…) de moins de %(months)s mois. La fiche n'en a pas."
        ) % {"months": REFERRAL_MONTHS}
    if proof == Offer.Proof.ASSESSMENT and not assessed:
        return _(
            "Cette offre demande une évaluation en cours par un·e médiateur·rice. La fiche n'en "
            "a pas : notez d'abord l'évaluation."
        )
    if proof == Offer.Proof.EITHER and not (referred or assessed):
        return _(
            "Cette offre demande une orientation par un partenaire de moins de %(months)s mois "
            "ou une évaluation en cours par un·e médiateur·rice. La fiche n'a ni l'une ni l'autre."
        ) % {"months": REFERRAL_MONTHS}
    return ""


def _situation_reason(applicant: Applicant, rules: Rules) -> str:
    if not rules.situations:
        return ""
    facts = {
        Offer.Situation.INCOME_SUPPORT: applicant.has_income_support,
        Offer.Situation.JOB_SEEKER: applicant.is_job_seeker,
    }
    labels = dict(Offer.Situation.choices)
    wanted = [situation for situation in rules.situations if situation in facts]
    missing = [str(labels[situation]) for situation in wanted if not facts[situation]]
    if not missing:
        return ""
    if rules.situations_match == Offer.Match.ALL:
        return _(
            "Cette offre demande que la personne %(wanted)s. La fiche n'indique pas : %(missing)s."
        ) % {
            "wanted": _(" et ").join(str(labels[situation]) for situation in wanted),
            "missing": ", ".join(missing),
        }
    if len(missing) < len(wanted):
        return ""  # at least one situation is met
    return _(
        "Cette offre est réservée aux personnes qui ont au moins une de ces situations : "
        "%(wanted)s. La fiche n'en indique aucune."
    ) % {"wanted": ", ".join(str(labels[situation]) for situation in wanted)}


def _units(family: str, count: int, *, whole_family: bool) -> str:
    """« 1 appareil », « 4 recharges », « 2 unités de cette offre »."""
    if not whole_family:
        return ngettext(
            "%(count)s unité de cette offre", "%(count)s unités de cette offre", count
        ) % {"count": count}
    words = {
        Family.DEVICE: ngettext("%(count)s appareil", "%(count)s appareils", count),
        Family.SIM: ngettext("%(count)s carte SIM", "%(count)s cartes SIM", count),
        Family.RECHARGE: ngettext("%(count)s recharge", "%(count)s recharges", count),
        Family.ACCESSORY: ngettext("%(count)s accessoire", "%(count)s accessoires", count),
    }
    return words[family] % {"count": count}


def _limit_reason(
    limit: Limit, rules: Rules, past_sales, *, quantity: int, on: datetime.date
) -> str:
    whole_family = limit.counts == OfferLimit.Counts.FAMILY
    window_starts = on - relativedelta(months=limit.months)  # excluded: a sale that day is out
    counted = sorted(
        (
            sale
            for sale in past_sales
            if window_starts < sale.sold_on <= on
            and (sale.family == rules.family if whole_family else sale.offer_id == rules.offer_id)
        ),
        key=lambda sale: sale.sold_on,
    )
    used = sum(sale.quantity for sale in counted)
    if used + quantity <= limit.max_units:
        return ""
    rule = ngettext(
        "au plus %(units)s par mois", "au plus %(units)s sur %(months)s mois", limit.months
    ) % {
        "units": _units(rules.family, limit.max_units, whole_family=whole_family),
        "months": limit.months,
    }
    if quantity > limit.max_units:
        return _("Limite : %(rule)s. Demandez-en moins.") % {"rule": rule}
    # The day enough of the counted units leave the window for this purchase to fit.
    excess, again_on = used + quantity - limit.max_units, None
    for sale in counted:
        excess -= sale.quantity
        if excess <= 0:
            again_on = sale.sold_on + relativedelta(months=limit.months)
            break
    last = counted[-1].sold_on if counted else on
    text = _(
        "Limite atteinte : %(rule)s. Déjà acheté sur cette période : %(used)s, la dernière "
        "fois le %(last)s."
    ) % {
        "rule": rule,
        "used": _units(rules.family, used, whole_family=whole_family),
        "last": french_date(last),
    }
    if again_on is not None:
        text += " " + _("Possible à nouveau à partir du %(day)s.") % {"day": french_date(again_on)}
    return text


# From the database -------------------------------------------------------------------------


def applicant_of(person, *, on: datetime.date) -> Applicant:
    """The facts of the person record that the rules read (one query, for the assessment)."""
    assessed_until = (
        Assessment.objects.filter(person=person, assessed_on__lte=on)
        .order_by("-valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )
    return Applicant(
        referred_on=person.referred_on,
        assessed_until=assessed_until,
        has_income_support=person.has_income_support,
        is_job_seeker=person.is_job_seeker,
    )


def rules_of(offer: Offer) -> Rules:
    """The offer's rules (its limits read through ``offer.limits``: prefetch them for a list)."""
    return Rules(
        offer_id=offer.pk,
        family=offer.family,
        proof=offer.proof,
        situations=tuple(offer.situations or ()),
        situations_match=offer.situations_match,
        limits=tuple(
            Limit(max_units=limit.max_units, months=limit.months, counts=limit.counts)
            for limit in offer.limits.all()
        ),
    )


def past_sales_of(person) -> list[PastSale]:
    """The person's completed sales (cancelled and refunded ones do not count), in one query."""
    rows = Sale.objects.filter(person=person, status=Sale.Status.COMPLETED).values_list(
        "offer_id", "offer__kind", "quantity", "sold_on"
    )
    return [
        PastSale(offer_id=offer_id, family=FAMILY_OF_KIND[kind], quantity=quantity, sold_on=day)
        for offer_id, kind, quantity, day in rows
    ]


def check(person, offer: Offer, *, quantity: int, on: datetime.date) -> list[str]:
    """The reasons the person may not buy ``quantity`` of ``offer`` on ``on`` (none: eligible)."""
    return reasons_against(
        applicant_of(person, on=on),
        rules_of(offer),
        past_sales_of(person),
        quantity=quantity,
        on=on,
    )

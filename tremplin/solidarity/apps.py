"""Solidarity access: equipment, telephony and internet at solidarity prices (refurbished
computers and phones, SIM cards with a prepaid plan of the telecom partner, data and call
recharges, accessories).

``Offer`` is the catalogue of an organisation, with its solidarity and market prices and its
eligibility rules, kept by the national team without code: a proof (a partner's referral, a
mediator's ``Assessment``, either), situations (income support, registered job seeker) and
``OfferLimit`` rows (N units per M months, for the offer or its whole family). ``eligibility``
is a pure function over the person's facts, the rules and the past sales, returning plain
reasons. "Referred" is a fact of the person record (``Person.referred_by``/``referred_on``),
written by the referrals capability through the people services: this app never imports
``partners``.

``services.sell_offer`` sells at the counter (mediators and up: volunteers may not sell) at the
catalogue's price, under row locks (person, stock row, device, receipt counter); receipts
(``documents``) are numbered without gaps per organisation and year, and a cancelled or refunded
sale keeps its number. ``stock`` is the ledger (received, sold, transferred, returned,
refurbished, written off) with a locked running balance per (space, offer) that never goes
negative; ``Item`` is a serialised device (serial number, IMEI checked with python-stdnum).
``exports`` writes sales and stock for a period in CSV, XLSX and ODS (tablib). ``Sale.objects``
offers ``in_period``, ``in_spaces`` and aggregates for the impact dashboards. Decision 0011.

Activity scope (decision 0006): sales, devices and stock carry ``organisation`` and ``space``.
Sales and assessments reach the person's page through ``tremplin.people.timeline``, the
low-stock alert the staff home through ``tremplin.spaces.home``. Imports ``core``,
``accounts``, ``spaces`` and ``people``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF


class SolidarityConfig(AppConfig):
    name = "tremplin.solidarity"
    label = "solidarity"
    verbose_name = _("Solidarité")
    staff_nav = [("solidarity:stock_list", _("Solidarité"), "phone", 40, SPACE_STAFF)]

    def ready(self):
        from tremplin.people import timeline
        from tremplin.solidarity import providers
        from tremplin.spaces import home

        for source in providers.SOURCES:
            timeline.register_source(source)
        timeline.register_actions(providers.sale_actions)
        home.register(providers.low_stock_notices)

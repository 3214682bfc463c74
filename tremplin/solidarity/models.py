"""Solidarity access: the catalogue and its eligibility rules, assessments, serialised devices,
the stock ledger, counter sales, receipts and warranty returns (decision record 0011)."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, NotPersonal, PersonalData
from tremplin.people.models import Person, PersonRowQuerySet
from tremplin.spaces.models import ActivityQuerySet, Organisation, OrganisationScopedQuerySet, Space

MAX_PRICE = Decimal("5000")
MAX_QUANTITY = 50  # at the counter, for one person: more is a typing mistake
ASSESSMENT_MONTHS = 6  # a mediator's assessment stands for six months unless shortened


class Family(models.TextChoices):
    """What limits count together: « one device per 12 months » is any laptop, phone or tablet."""

    DEVICE = "device", _("appareil")
    SIM = "sim", _("carte SIM")
    RECHARGE = "recharge", _("recharge")
    ACCESSORY = "accessory", _("accessoire")


class Kind(models.TextChoices):
    LAPTOP = "laptop", _("Ordinateur portable reconditionné")
    SMARTPHONE = "smartphone", _("Smartphone reconditionné")
    TABLET = "tablet", _("Tablette reconditionnée")
    SIM = "sim", _("Carte SIM avec forfait prépayé")
    DATA_RECHARGE = "data_recharge", _("Recharge de données")
    CALL_RECHARGE = "call_recharge", _("Recharge d'appels")
    ACCESSORY = "accessory", _("Accessoire")


FAMILY_OF_KIND = {
    Kind.LAPTOP: Family.DEVICE,
    Kind.SMARTPHONE: Family.DEVICE,
    Kind.TABLET: Family.DEVICE,
    Kind.SIM: Family.SIM,
    Kind.DATA_RECHARGE: Family.RECHARGE,
    Kind.CALL_RECHARGE: Family.RECHARGE,
    Kind.ACCESSORY: Family.ACCESSORY,
}
# Devices are serialised: each one is sold by its serial number (and IMEI for phones, tablets).
SERIALISED_KINDS = {Kind.LAPTOP, Kind.SMARTPHONE, Kind.TABLET}
IMEI_KINDS = {Kind.SMARTPHONE, Kind.TABLET}


class OfferQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, user) -> "OfferQuerySet":
        """The catalogue of the user's organisation (every staff member reads it)."""
        return self.in_organisation_of(user)

    def on_sale(self) -> "OfferQuerySet":
        return self.filter(is_active=True)


class Offer(models.Model):
    """One offer of the catalogue, with its solidarity price, the market price for reference,
    and its eligibility rules (configured by the national team, without code)."""

    class Grade(models.TextChoices):
        AS_NEW = "A", _("Comme neuf")
        GOOD = "B", _("Très bon état")
        FAIR = "C", _("État correct, traces d'usage")

    class Proof(models.TextChoices):
        NONE = "none", _("Aucune")
        REFERRAL = "referral", _("Une orientation par un partenaire")
        ASSESSMENT = "assessment", _("Une évaluation par un·e médiateur·rice")
        EITHER = "either", _("Une orientation ou une évaluation")

    class Situation(models.TextChoices):
        INCOME_SUPPORT = "income_support", _("touche un minimum social")
        JOB_SEEKER = "job_seeker", _("inscrit·e à France Travail")

    class Match(models.TextChoices):
        ANY = "any", _("Au moins une de ces situations")
        ALL = "all", _("Toutes ces situations")

    Kind = Kind  # the kinds of offers, also reachable as Offer.Kind
    PERSONAL_DATA = NotPersonal("the network's catalogue: names, prices and rules of offers")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type d'offre"), max_length=16, choices=Kind)
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    solidarity_price = models.DecimalField(_("prix solidaire (€)"), max_digits=7, decimal_places=2)
    market_price = models.DecimalField(_("prix du marché (€)"), max_digits=7, decimal_places=2)
    grade = models.CharField(_("état"), max_length=1, choices=Grade, blank=True)
    warranty_months = models.PositiveSmallIntegerField(_("garantie (mois)"), default=0)
    low_stock_below = models.PositiveSmallIntegerField(
        _("alerte de stock bas sous"),
        default=3,
        help_text=_("Le tableau de bord du coordinateur prévient quand il en reste moins."),
    )
    is_active = models.BooleanField(_("en vente"), default=True)
    proof = models.CharField(
        _("justificatif demandé"), max_length=10, choices=Proof, default=Proof.NONE
    )
    situations = models.JSONField(_("situations demandées"), default=list, blank=True)
    situations_match = models.CharField(
        _("comment les situations comptent"), max_length=3, choices=Match, default=Match.ANY
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre solidaire")
        verbose_name_plural = _("offres solidaires")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(solidarity_price__gte=0, solidarity_price__lte=MAX_PRICE),
                name="offer_solidarity_price_range",
            ),
            models.CheckConstraint(
                condition=models.Q(market_price__gte=0, market_price__lte=MAX_PRICE),
                name="offer_market_price_range",
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="offer_name_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("solidarity:offer_update", args=[self.pk])

    @property
    def family(self) -> str:
        return FAMILY_OF_KIND[self.kind]

    @property
    def is_serialised(self) -> bool:
        return self.kind in SERIALISED_KINDS

    @property
    def needs_imei(self) -> bool:
        return self.kind in IMEI_KINDS

    def situation_labels(self) -> list[str]:
        known = dict(self.Situation.choices)
        return [str(known[value]) for value in self.situations if value in known]


class OfferLimit(models.Model):
    """« At most ``max_units`` per person over ``months`` months », counting this offer alone
    or its whole family (every device, every recharge)."""

    class Counts(models.TextChoices):
        OFFER = "offer", _("cette offre")
        FAMILY = "family", _("toute la famille (tous les appareils, toutes les recharges…)")

    PERSONAL_DATA = NotPersonal("a rule of the catalogue: a number of units over a period")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="limits")
    max_units = models.PositiveSmallIntegerField(_("au plus (unités)"))
    months = models.PositiveSmallIntegerField(_("sur (mois)"))
    counts = models.CharField(_("ce qui compte"), max_length=6, choices=Counts)

    class Meta:
        verbose_name = _("limite par personne")
        ordering = ["months", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_units__gte=1, months__gte=1, months__lte=60),
                name="offer_limit_range",
            ),
        ]

    def __str__(self):
        return f"{self.max_units} / {self.months}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.offer.organisation_id
        super().save(*args, **kwargs)


class AssessmentQuerySet(PersonRowQuerySet):
    def valid_on(self, day: datetime.date) -> "AssessmentQuerySet":
        return self.filter(assessed_on__lte=day, valid_until__gte=day)


class Assessment(models.Model):
    """A mediator's assessment that a person needs solidarity equipment or connectivity, dated
    and valid for a period (six months by default). It stands in for a partner's referral where
    an offer accepts it. Journaled on the person's record."""

    PERSONAL_DATA = PersonalData(
        person="person",
        keep=["organisation", "space", "person", "assessed_by", "assessed_on", "valid_until"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="solidarity_assessments"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assessed_on = models.DateField(_("évaluée le"))
    valid_until = models.DateField(_("valable jusqu'au"))

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation solidaire")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("assessed_on")),
                name="assessment_valid_after_it_is_made",
            ),
        ]

    def __str__(self):
        return f"{self.assessed_on} → {self.valid_until}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    @staticmethod
    def default_end(day: datetime.date) -> datetime.date:
        return day + relativedelta(months=ASSESSMENT_MONTHS) - datetime.timedelta(days=1)


class Item(models.Model):
    """One serialised device (a laptop, a phone, a tablet): where it is and what became of it."""

    class Status(models.TextChoices):
        IN_STOCK = "in_stock", _("En stock")
        SOLD = "sold", _("Vendu")
        IN_REPAIR = "in_repair", _("Revenu, à remettre en état")
        WRITTEN_OFF = "written_off", _("Sorti du stock")

    # The serial number and IMEI identify a device, not a person: which person has it is the
    # sale's business, and the sale declares it.
    PERSONAL_DATA = NotPersonal("a device of the stock: its serial number, IMEI and place")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="solidarity_items")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="items")
    serial_number = models.CharField(_("numéro de série"), max_length=40)
    imei = models.CharField(_("IMEI"), max_length=15, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.IN_STOCK)
    received_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("appareil")
        ordering = ["offer", "serial_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "serial_number"], name="item_serial_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation", "imei"],
                condition=~models.Q(imei=""),
                name="item_imei_unique",
            ),
        ]

    def __str__(self):
        return f"{self.offer} – {self.serial_number}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.offer.organisation_id
        super().save(*args, **kwargs)


class StockLevelQuerySet(ActivityQuerySet):
    def low(self) -> "StockLevelQuerySet":
        return self.filter(offer__is_active=True, quantity__lt=models.F("offer__low_stock_below"))


class StockLevel(models.Model):
    """The running balance of the ledger for one (space, offer), and the row every movement
    locks (``select_for_update``) before it checks and writes: stock never goes negative. Only
    ``stock.move`` writes it, in the transaction that appends the movement; the database refuses
    a negative quantity whatever the code does."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="stock_levels")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="stock_levels")
    quantity = models.IntegerField(default=0)

    objects = StockLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock d'une offre dans un espace")
        ordering = ["space", "offer"]
        constraints = [
            models.UniqueConstraint(fields=["space", "offer"], name="stock_level_unique"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="stock_never_negative"
            ),
        ]

    def __str__(self):
        return f"{self.offer} @ {self.space}: {self.quantity}"


class SaleQuerySet(ActivityQuerySet):
    """Chainable filters that the impact dashboards compose (they never import the models'
    internals): ``Sale.objects.in_period(start, end).in_spaces(ids).revenue()``."""

    def completed(self) -> "SaleQuerySet":
        return self.filter(status=Sale.Status.COMPLETED)

    def in_period(self, start: datetime.date, end: datetime.date) -> "SaleQuerySet":
        """Sales made from ``start`` to ``end``, both included (local dates)."""
        return self.filter(sold_on__gte=start, sold_on__lte=end)

    def in_spaces(self, space_ids) -> "SaleQuerySet":
        return self.filter(space_id__in=list(space_ids))

    def count_completed(self) -> int:
        return self.completed().count()

    def people_count(self) -> int:
        """How many different people bought (completed sales)."""
        return self.completed().values("person").distinct().count()

    def revenue(self) -> Decimal:
        """The amount paid for the completed sales (cancelled and refunded ones give back)."""
        total = self.completed().aggregate(total=models.Sum("amount_paid"))["total"]
        return total or Decimal("0")

    def units(self) -> int:
        return self.completed().aggregate(total=models.Sum("quantity"))["total"] or 0

    def by_family(self) -> dict[str, int]:
        """Units sold per family of offers (devices, SIM cards, recharges, accessories)."""
        rows = self.completed().values_list("offer__kind").annotate(units=models.Sum("quantity"))
        totals: dict[str, int] = {}
        for kind, units in rows:
            family = FAMILY_OF_KIND[kind]
            totals[family] = totals.get(family, 0) + units
        return totals


class Sale(models.Model):
    """A counter sale to a person: one offer, a quantity (or one device), the price from the
    catalogue at that moment, how it was paid (recorded, not processed) and its receipt number,
    without gaps per organisation and year. A cancelled or refunded sale keeps its number."""

    class Status(models.TextChoices):
        COMPLETED = "completed", _("Vendue")
        CANCELLED = "cancelled", _("Annulée")
        REFUNDED = "refunded", _("Remboursée")

    class Payment(models.TextChoices):
        CASH = "cash", _("Espèces")
        CARD = "card", _("Carte bancaire")
        CHEQUE = "cheque", _("Chèque")
        FREE = "free", _("Gratuit")

    # The reason of a cancellation or refund is free text: it goes with the person. The rest
    # (what, where, when, how much) stays for the anonymous statistics.
    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"end_reason": BLANK},
        keep=[
            "organisation",
            "space",
            "person",
            "offer",
            "item",
            "quantity",
            "unit_price",
            "amount_paid",
            "payment",
            "status",
            "receipt_year",
            "receipt_number",
            "sold_by",
            "sold_at",
            "sold_on",
            "ended_by",
            "ended_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="solidarity_sales")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="solidarity_sales")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="sales")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="sales"
    )
    quantity = models.PositiveSmallIntegerField(_("quantité"))
    unit_price = models.DecimalField(_("prix unitaire (€)"), max_digits=7, decimal_places=2)
    amount_paid = models.DecimalField(_("montant payé (€)"), max_digits=8, decimal_places=2)
    payment = models.CharField(_("paiement"), max_length=6, choices=Payment)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.COMPLETED)
    receipt_year = models.PositiveSmallIntegerField()
    receipt_number = models.PositiveIntegerField()
    sold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    sold_at = models.DateTimeField(default=timezone.now)
    sold_on = models.DateField(db_index=True)  # the local date: limits and periods count days
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(_("raison"), max_length=300, blank=True)

    objects = SaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("vente solidaire")
        ordering = ["-sold_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "space", "sold_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "receipt_year", "receipt_number"],
                name="sale_receipt_number_unique",
            ),
            # A device is in at most one live sale: never sold twice, whatever the code does.
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(status="completed"),
                name="sale_item_sold_once",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="sale_quantity_range",
            ),
        ]

    def __str__(self):
        return self.receipt_label

    def get_absolute_url(self):
        return reverse("solidarity:sale_detail", args=[self.pk])

    @property
    def receipt_label(self) -> str:
        """« 2026-00042 »: the year and the number, as printed on the receipt."""
        return f"{self.receipt_year}-{self.receipt_number:05d}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    def warranty_ends_on(self) -> datetime.date | None:
        if not self.offer.warranty_months:
            return None
        return self.sold_on + relativedelta(months=self.offer.warranty_months)


class ReceiptCounter(models.Model):
    """The last receipt number given per organisation and year. Locked (``select_for_update``)
    by each sale, so numbers follow one another without a gap or a duplicate."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de reçus")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="receipt_counter_unique")
        ]

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class WarrantyClaim(models.Model):
    """A device brought back under warranty, recorded against the sale: returned (the sale is
    refunded, the device goes to repair) or exchanged for another device of the same offer (the
    sale then names the new device, the claim the one that came back)."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Retour sous garantie")
        EXCHANGE = "exchange", _("Échange sous garantie")

    PERSONAL_DATA = PersonalData(
        person="sale__person",
        erase={"reason": BLANK},
        keep=[
            "organisation",
            "space",
            "sale",
            "kind",
            "returned_item",
            "replacement",
            "recorded_by",
            "recorded_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="warranty_claims")
    kind = models.CharField(_("type"), max_length=8, choices=Kind)
    reason = models.CharField(_("panne ou raison"), max_length=300)
    returned_item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="claims")
    replacement = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("retour sous garantie")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.sale}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.sale.organisation_id
        super().save(*args, **kwargs)


class StockMovement(models.Model):
    """One line of the stock ledger (append-only): a signed quantity of an offer at a space.
    Current stock is the sum of the lines (``StockLevel`` keeps the running balance)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Reçu")
        SOLD = "sold", _("Vendu")
        TRANSFER_OUT = "transfer_out", _("Transféré vers un autre espace")
        TRANSFER_IN = "transfer_in", _("Reçu d'un autre espace")
        RETURNED = "returned", _("Rendu")
        REFURBISHED = "refurbished", _("Remis en état")
        WRITTEN_OFF = "written_off", _("Sorti du stock")

    # A line is about goods; the sale it comes from (if any) declares the person.
    PERSONAL_DATA = PersonalData(
        person="sale__person",
        erase={"note": BLANK},
        keep=[
            "organisation",
            "space",
            "offer",
            "item",
            "kind",
            "quantity",
            "sale",
            "transfer_code",
            "moved_by",
            "moved_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="stock_movements")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="movements")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    kind = models.CharField(_("mouvement"), max_length=12, choices=Kind)
    quantity = models.IntegerField(_("quantité"))
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    # Both lines of one transfer share it: a transfer is one operation, read as one.
    transfer_code = models.CharField(max_length=32, blank=True, db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    moved_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("mouvement de stock")
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["space", "offer", "moved_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.offer}"

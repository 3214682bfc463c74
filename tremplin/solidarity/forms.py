import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.solidarity.models import MAX_PRICE, MAX_QUANTITY, Item, Offer, OfferLimit, Sale
from tremplin.solidarity.stock import MAX_RECEIVED, parse_device_lines


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _item_label(item: Item) -> str:
    imei = f" – IMEI {item.imei}" if item.imei else ""
    return f"{item.offer.name} – {item.serial_number}{imei} ({item.space.name})"


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _item_label(obj)


class ItemsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _item_label(obj)


class SaleForm(forms.Form):
    """A counter sale: where, what, how many (or which device), how it is paid. No price: the
    price always comes from the catalogue."""

    space = forms.ModelChoiceField(label=_("Espace de la vente"), queryset=None, empty_label=None)
    offer = forms.ModelChoiceField(
        label=_("Offre"),
        queryset=None,
        empty_label=_("Choisissez une offre"),
        error_messages={"required": _("Choisissez l'offre vendue.")},
    )
    quantity = forms.IntegerField(
        label=_("Quantité"),
        initial=1,
        required=False,
        help_text=_("De 1 à %(max)s. Un appareil se vend à l'unité.") % {"max": MAX_QUANTITY},
        error_messages={"invalid": _("Écrivez la quantité en chiffres, par exemple 1.")},
    )
    item = ItemChoiceField(
        label=_("Appareil (pour un ordinateur, un téléphone, une tablette)"),
        queryset=None,
        required=False,
        empty_label=_("Aucun : ce n'est pas un appareil"),
        error_messages={"invalid_choice": _("Cet appareil n'est plus en stock.")},
    )
    payment = forms.ChoiceField(
        label=_("Paiement (noté ici, encaissé à part)"),
        choices=Sale.Payment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez le moyen de paiement.")},
    )

    def __init__(self, *args, spaces, offers, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["offer"].queryset = offers
        self.fields["item"].queryset = items

    def clean(self):
        data = super().clean()
        offer, quantity = data.get("offer"), data.get("quantity")
        if offer is None:
            return data
        if offer.is_serialised:
            if data.get("item") is None:
                self.add_error("item", _("Choisissez l'appareil vendu (son numéro de série)."))
            elif data["item"].offer_id != offer.pk:
                self.add_error("item", _("Cet appareil n'est pas de l'offre choisie."))
            data["quantity"] = 1
        elif quantity is None or not 1 <= quantity <= MAX_QUANTITY:
            self.add_error("quantity", _("La quantité va de 1 à %(max)s.") % {"max": MAX_QUANTITY})
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison"),
        max_length=300,
        min_length=3,
        error_messages={
            "required": _("Écrivez la raison, en quelques mots."),
            "min_length": _("Écrivez la raison, en quelques mots."),
        },
    )


class RefundForm(ReasonForm):
    goods_back = forms.BooleanField(
        label=_("L'article est rendu (un appareil part en vérification avant d'être revendu)"),
        required=False,
    )


class WarrantyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Ce qui est fait"),
        choices=[
            ("return", _("Retour : la vente est remboursée, l'appareil part en réparation")),
            ("exchange", _("Échange : la personne repart avec un autre appareil")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez retour ou échange.")},
    )
    reason = forms.CharField(
        label=_("Panne constatée"),
        max_length=300,
        error_messages={"required": _("Écrivez la panne, en quelques mots.")},
    )
    replacement = ItemChoiceField(
        label=_("Appareil de remplacement (pour un échange)"),
        queryset=None,
        required=False,
        empty_label=_("Aucun"),
    )

    def __init__(self, *args, replacements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = replacements

    def clean(self):
        data = super().clean()
        if data.get("kind") == "exchange" and data.get("replacement") is None:
            self.add_error("replacement", _("Choisissez l'appareil donné en échange."))
        return data


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date de l'évaluation"),
        widget=DateInput,
        error_messages={
            "required": _("Écrivez la date."),
            "invalid": _("Cette date est illisible."),
        },
    )
    valid_until = forms.DateField(
        label=_("Valable jusqu'au"),
        required=False,
        widget=DateInput,
        help_text=_("Laissez vide pour six mois."),
        error_messages={"invalid": _("Cette date est illisible.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()


class OfferForm(forms.ModelForm):
    """The national team keeps an offer and its eligibility rules, without code."""

    situations = forms.MultipleChoiceField(
        label=_("Situations demandées"),
        choices=Offer.Situation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    solidarity_price = forms.DecimalField(
        label=_("Prix solidaire (€)"), min_value=0, max_value=MAX_PRICE, decimal_places=2
    )
    market_price = forms.DecimalField(
        label=_("Prix du marché (€), pour comparer"),
        min_value=0,
        max_value=MAX_PRICE,
        decimal_places=2,
    )
    warranty_months = forms.IntegerField(
        label=_("Garantie (mois)"), min_value=0, max_value=36, initial=0
    )

    class Meta:
        model = Offer
        fields = [
            "kind",
            "name",
            "description",
            "solidarity_price",
            "market_price",
            "grade",
            "warranty_months",
            "low_stock_below",
            "is_active",
            "proof",
            "situations",
            "situations_match",
        ]
        widgets = {"proof": forms.RadioSelect, "situations_match": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        devices = {Offer.Kind.LAPTOP, Offer.Kind.SMARTPHONE, Offer.Kind.TABLET}
        if kind in devices and not data.get("grade"):
            self.add_error("grade", _("Donnez l'état de l'appareil reconditionné."))
        if kind and kind not in devices:
            data["grade"] = ""
        return data


class LimitForm(forms.ModelForm):
    class Meta:
        model = OfferLimit
        fields = ["max_units", "months", "counts"]
        widgets = {"counts": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_units"].min_value = 1
        self.fields["max_units"].widget.attrs["min"] = 1
        self.fields["months"].widget.attrs.update(min=1, max=60)

    def clean_max_units(self):
        value = self.cleaned_data["max_units"]
        if not 1 <= value <= 1000:
            raise forms.ValidationError(_("Au plus de 1 à 1000 unités."))
        return value

    def clean_months(self):
        value = self.cleaned_data["months"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("Une période va de 1 à 60 mois."))
        return value


class ReceiveForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Espace"), queryset=None, empty_label=None)
    offer = forms.ModelChoiceField(
        label=_("Offre"),
        queryset=None,
        empty_label=_("Choisissez une offre"),
        error_messages={"required": _("Choisissez l'offre reçue.")},
    )
    quantity = forms.IntegerField(
        label=_("Quantité reçue (sauf appareils)"),
        required=False,
        error_messages={"invalid": _("Écrivez la quantité en chiffres.")},
    )
    devices = forms.CharField(
        label=_("Appareils reçus, un par ligne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Numéro de série, puis l'IMEI après un point-virgule pour un téléphone ou une "
            "tablette. Exemple : SN12345 ; 352099001761481"
        ),
    )
    note = forms.CharField(label=_("Note (livraison, fournisseur)"), max_length=200, required=False)

    def __init__(self, *args, spaces, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["offer"].queryset = offers

    def clean(self):
        data = super().clean()
        offer = data.get("offer")
        if offer is None:
            return data
        if offer.is_serialised:
            try:
                data["device_lines"] = parse_device_lines(
                    data.get("devices", ""), needs_imei=offer.needs_imei
                )
            except forms.ValidationError as error:
                self.add_error("devices", error)
        elif data.get("quantity") is None or not 1 <= data["quantity"] <= MAX_RECEIVED:
            self.add_error("quantity", _("La quantité va de 1 à %(max)s.") % {"max": MAX_RECEIVED})
        return data


class TransferForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Depuis l'espace"), queryset=None, empty_label=None)
    destination = forms.ModelChoiceField(label=_("Vers l'espace"), queryset=None, empty_label=None)
    offer = forms.ModelChoiceField(
        label=_("Offre"),
        queryset=None,
        empty_label=_("Choisissez une offre"),
        error_messages={"required": _("Choisissez l'offre à transférer.")},
    )
    quantity = forms.IntegerField(
        label=_("Quantité (sauf appareils)"),
        required=False,
        error_messages={"invalid": _("Écrivez la quantité en chiffres.")},
    )
    items = ItemsChoiceField(
        label=_("Appareils à transférer"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, spaces, destinations, offers, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = spaces
        self.fields["destination"].queryset = destinations
        self.fields["offer"].queryset = offers
        self.fields["items"].queryset = items


class WriteOffForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Espace"), queryset=None, empty_label=None)
    offer = forms.ModelChoiceField(
        label=_("Offre"),
        queryset=None,
        empty_label=_("Choisissez une offre"),
        error_messages={"required": _("Choisissez l'offre.")},
    )
    quantity = forms.IntegerField(
        label=_("Quantité (sauf appareils)"),
        required=False,
        error_messages={"invalid": _("Écrivez la quantité en chiffres.")},
    )
    items = ItemsChoiceField(
        label=_("Appareils qui sortent du stock"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Raison (cassé, perdu, volé…)"),
        max_length=200,
        error_messages={"required": _("Écrivez pourquoi ces articles sortent du stock.")},
    )

    def __init__(self, *args, spaces, offers, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["offer"].queryset = offers
        self.fields["items"].queryset = items


class ExportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("Quoi"),
        choices=[("sales", _("Les ventes")), ("stock", _("Les mouvements de stock"))],
        widget=forms.RadioSelect,
        initial="sales",
    )
    start = forms.DateField(label=_("Du"), widget=DateInput)
    end = forms.DateField(label=_("Au (inclus)"), widget=DateInput)
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)"), ("ods", "ODS (LibreOffice)")],
        widget=forms.RadioSelect,
        initial="xlsx",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start"].initial = today.replace(day=1)
        self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("La fin vient après le début."))
            elif end - start > datetime.timedelta(days=366 * 3):
                self.add_error("end", _("Une période dure au plus trois ans."))
        return data

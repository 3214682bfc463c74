"""Offres d'emploi: search by keyword and town, filter by contract, open an offer, save it,
apply with a CV and a short message.

Screens: ``recherche`` (search form and results), ``offre`` (``?n=<key>``), ``postuler``
(``?n=<key>``), ``favoris`` (saved offers), ``envoyee`` (the application is « sent »). Steps:
``search`` {keyword, town, contract, results}, ``open`` {offer}, ``save`` {offer},
``apply`` {offer, opened, cv, greeting, closing, words}.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.text import fold, fold_name
from tremplin.simulators import engine
from tremplin.simulators.engine import Invalid, Page, Result, StepRecord
from tremplin.simulators.forms import FileChoiceForm
from tremplin.simulators.sims.common import is_cv, text_facts

TARGET = "vendeur-lefevre"
PAYING = "vente-domicile"
TARGET_WORDS = ("vendeur", "vendeuse", "vente", "boulangerie")


def _offers() -> dict:
    net = _("Salaire : %(gross)s € brut par mois (environ %(net)s € net).")
    return {
        TARGET: {
            "title": _("Vendeur ou vendeuse en boulangerie"),
            "employer": _("Boulangerie Lefèvre"),
            "town": "Strasbourg",
            "contract": "cdi",
            "words": "vendeur vendeuse vente boulangerie commerce",
            "lines": [
                _("CDI, 35 heures par semaine, du mardi au samedi."),
                net % {"gross": "1 850", "net": "1 450"},
                _("Accueil des clients, vente, encaissement."),
                _("Débutant accepté. Formation sur place."),
            ],
        },
        "vendeur-keller": {
            "title": _("Vendeur ou vendeuse en boulangerie"),
            "employer": _("Maison Keller"),
            "town": "Strasbourg",
            "contract": "cdd",
            "words": "vendeur vendeuse vente boulangerie commerce",
            "lines": [
                _("CDD de 3 mois, 24 heures par semaine."),
                net % {"gross": "1 270", "net": "1 000"},
            ],
        },
        "vendeur-mulhouse": {
            "title": _("Vendeur ou vendeuse en boulangerie"),
            "employer": _("Au Bon Pain"),
            "town": "Mulhouse",
            "contract": "cdi",
            "words": "vendeur vendeuse vente boulangerie commerce",
            "lines": [_("CDI, 35 heures par semaine."), net % {"gross": "1 840", "net": "1 440"}],
        },
        PAYING: {
            "title": _("Vendeur à domicile : gagnez 3 000 € par mois"),
            "employer": _("Réseau Succès Plus"),
            "town": "Strasbourg",
            "contract": "cdi",
            "words": "vendeur vendeuse vente domicile commerce",
            "lines": [
                _("Travail depuis chez vous, horaires libres."),
                _("Pour commencer, payez 49 € de frais d'inscription et recevez votre kit."),
            ],
        },
        "caisse-interim": {
            "title": _("Hôte ou hôtesse de caisse"),
            "employer": _("Agence d'intérim Alsace Emploi"),
            "town": "Strasbourg",
            "contract": "interim",
            "words": "caisse caissier caissiere commerce vente",
            "lines": [
                _("Mission d'intérim de 2 semaines."),
                net % {"gross": "1 823", "net": "1 430"},
            ],
        },
        "entretien-cdi": {
            "title": _("Agent ou agente d'entretien"),
            "employer": _("Propreté de l'Ill"),
            "town": "Schiltigheim",
            "contract": "cdi",
            "words": "entretien menage proprete",
            "lines": [_("CDI, 28 heures par semaine, tôt le matin.")],
        },
    }


def _labelled(offers: dict) -> dict:
    labels = dict(_contracts())
    return {
        key: {**offer, "contract_label": labels[offer["contract"]]} for key, offer in offers.items()
    }


def _contracts() -> list[tuple[str, str]]:
    return [
        ("", _("Tous les contrats")),
        ("cdi", _("CDI (sans date de fin)")),
        ("cdd", _("CDD (avec une date de fin)")),
        ("interim", _("Intérim (missions courtes)")),
    ]


class SearchForm(forms.Form):
    keyword = forms.CharField(label=_("Métier ou mot-clé"), max_length=100, required=False)
    town = forms.CharField(label=_("Ville"), max_length=100, required=False)
    contract = forms.ChoiceField(label=_("Type de contrat"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = _contracts()

    def clean(self):
        data = super().clean()
        if not data.get("keyword", "").strip() and not data.get("town", "").strip():
            raise forms.ValidationError(_("Écrivez un métier ou une ville, puis cherchez."))
        return data


class ApplyForm(FileChoiceForm):
    message = forms.CharField(
        label=_("Votre message à l'employeur"),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text=_("Deux ou trois phrases : bonjour, pourquoi ce poste, merci."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, samples_shown=("cv", "photo"), **kwargs)
        self.fields["choice"].label = _("Votre CV")


def matches(offer: dict, keyword: str, town: str, contract: str) -> bool:
    words = fold(keyword).split()
    return (
        all(any(w[:5] in token for token in offer["words"].split()) for w in words)
        and (not town.strip() or fold_name(town) == fold_name(offer["town"]))
        and (not contract or offer["contract"] == contract)
    )


def _last_search(context: engine.Context) -> StepRecord | None:
    return context.last("search")


def _saved(context: engine.Context) -> set:
    saved = set()
    for step in context.steps:
        if step.action == "save":
            saved.add(step.facts["offer"])
        elif step.action == "unsave":
            saved.discard(step.facts["offer"])
    return saved


def show(screen: str, context: engine.Context, *, form=None, query=None) -> Page:
    query = query or {}
    offers = _labelled(_offers())
    saved = _saved(context)
    base = {"saved_count": len(saved)}
    if screen in {"recherche", "open"}:
        search = _last_search(context)
        results = None
        if search is not None:
            typed = search.typed
            results = [
                {"key": key, **offer}
                for key, offer in offers.items()
                if matches(
                    offer, typed.get("keyword", ""), typed.get("town", ""), search.facts["contract"]
                )
            ]
        if form is None:
            initial = {**search.typed, "contract": search.facts["contract"]} if search else {}
            form = SearchForm(initial=initial)
        return Page("simulators/jobboard_search.html", {**base, "form": form, "results": results})
    key = query.get("n", "")
    if screen in {"offre", "postuler"} and key not in offers:
        key = TARGET
    if screen == "offre":
        return Page(
            "simulators/jobboard_offer.html",
            {**base, "key": key, "offer": offers[key], "is_saved": key in saved},
        )
    if screen == "postuler":
        return Page(
            "simulators/jobboard_apply.html",
            {**base, "key": key, "offer": offers[key], "form": form or ApplyForm()},
        )
    if screen == "favoris":
        items = [{"key": key, **offers[key]} for key in offers if key in saved]
        return Page("simulators/jobboard_saved.html", {**base, "items": items})
    applied = context.last("apply")
    offer = offers.get(applied.facts["offer"]) if applied else None
    return Page("simulators/jobboard_sent.html", {**base, "offer": offer, "applied": applied})


def act(screen: str, context: engine.Context, data, files) -> Result:
    offers = _offers()
    if screen == "recherche":
        form = SearchForm(data)
        if not form.is_valid():
            raise Invalid(form)
        keyword, town = form.cleaned_data["keyword"], form.cleaned_data["town"]
        contract = form.cleaned_data["contract"]
        folded = fold(keyword)
        facts = {
            "keyword": any(word in folded for word in TARGET_WORDS),
            "town": fold_name(town) == "strasbourg",
            "contract": contract,
            "results": sum(matches(o, keyword, town, contract) for o in offers.values()),
        }
        return Result(
            steps=(StepRecord("search", facts, {"keyword": keyword, "town": town}),),
            next="recherche",
        )
    key = data.get("offer", "")
    if key not in offers:
        return Result(next="recherche")
    if screen == "open":
        return Result(steps=(StepRecord("open", {"offer": key}),), next=f"offre?n={key}")
    if screen == "offre":
        action = "unsave" if data.get("action") == "unsave" else "save"
        return Result(steps=(StepRecord(action, {"offer": key}),), next=f"offre?n={key}")
    if screen == "postuler":
        form = ApplyForm(data, files)
        if not form.is_valid():
            raise Invalid(form)
        file_facts, file_typed = form.file_facts()
        message = form.cleaned_data["message"]
        facts = {
            "offer": key,
            "opened": context.done("open", offer=key),
            "cv": is_cv(file_facts),
            "file": file_facts,
            **text_facts(message),
        }
        return Result(
            steps=(StepRecord("apply", facts, {"message": message, **file_typed}),),
            upload=("cv", form.checked) if form.checked else None,
            next="envoyee",
        )
    return Result(next="recherche")


def check(steps) -> engine.Review:
    """Searched by trade and town, filtered on the contract, opened and saved the right offer,
    applied to it (after opening it) with a CV and a polite message, and never to the offer
    that asks for money."""
    searches = [s.facts for s in steps if s.action == "search"]
    applies = [s.facts for s in steps if s.action == "apply"]
    to_target = [f for f in applies if f.get("offer") == TARGET]
    application = to_target[-1] if to_target else {}
    saved = any(s.action == "save" and s.facts.get("offer") == TARGET for s in steps)
    findings = [
        engine.finding(
            "search_keyword",
            any(f.get("keyword") for f in searches),
            _("Vous avez cherché avec le nom du métier."),
            _("Cherchez avec le nom du métier, par exemple « vendeuse »."),
        ),
        engine.finding(
            "search_town",
            any(f.get("town") for f in searches),
            _("Vous avez cherché dans la bonne ville."),
            _("Écrivez la ville : Strasbourg. Sinon, vous voyez des offres trop loin."),
        ),
        engine.finding(
            "filter_contract",
            any(f.get("contract") == "cdi" for f in searches),
            _("Vous avez choisi le type de contrat : CDI."),
            _("Utilisez le filtre « Type de contrat » et choisissez CDI."),
        ),
        engine.finding(
            "save_offer",
            saved,
            _("Vous avez sauvegardé l'offre pour la retrouver."),
            _("Sauvegardez l'offre : vous la retrouvez dans « Mes offres sauvegardées »."),
        ),
        engine.finding(
            "apply_target",
            bool(to_target),
            _("Vous avez postulé à la bonne offre."),
            _("Postulez à l'offre de la boulangerie Lefèvre, en CDI, à Strasbourg."),
        ),
    ]
    if to_target:
        findings += [
            engine.finding(
                "open_before_apply",
                application.get("opened", False),
                _("Vous avez lu l'offre avant de postuler."),
                _("Ouvrez et lisez l'offre avant de postuler : horaires, salaire, contrat."),
            ),
            engine.finding(
                "cv_attached",
                application.get("cv", False),
                _("Votre CV était joint, en PDF."),
                _("Joignez votre CV en PDF, pas une photo ou un autre fichier."),
            ),
            engine.finding(
                "message",
                application.get("greeting", False) and application.get("words", 0) >= 8,
                _("Votre message est poli et assez long."),
                _(
                    "Écrivez un court message : « Bonjour », pourquoi ce poste vous plaît, "
                    "« Merci »."
                ),
            ),
        ]
    findings.append(
        engine.finding(
            "paying_offer",
            not any(f.get("offer") == PAYING for f in applies),
            _("Vous n'avez pas postulé à l'offre qui demande de l'argent."),
            _(
                "Une offre qui demande de payer pour travailler est une arnaque. "
                "Un vrai employeur ne demande jamais d'argent."
            ),
        )
    )
    return engine.Review(tuple(findings))


SIMULATOR = engine.Simulator(
    slug="offres-emploi",
    title=gettext_lazy("Le site d'offres d'emploi"),
    summary=gettext_lazy(
        "Chercher une offre par métier et par ville, la lire, la sauvegarder et postuler."
    ),
    minutes=15,
    icon="search",
    tasks=(
        gettext_lazy("Cherchez un poste de vendeur ou vendeuse à Strasbourg."),
        gettext_lazy("Gardez seulement les offres en CDI."),
        gettext_lazy("Ouvrez l'offre de la boulangerie Lefèvre et sauvegardez-la."),
        gettext_lazy("Postulez avec votre CV et un court message."),
    ),
    first_screen="recherche",
    screens=frozenset({"recherche", "open", "offre", "postuler", "favoris", "envoyee"}),
    show=show,
    act=act,
    check=check,
    check_labels={
        "search_keyword": gettext_lazy("Chercher par métier"),
        "search_town": gettext_lazy("Chercher par ville"),
        "filter_contract": gettext_lazy("Filtrer par contrat"),
        "save_offer": gettext_lazy("Sauvegarder une offre"),
        "apply_target": gettext_lazy("Postuler à la bonne offre"),
        "open_before_apply": gettext_lazy("Lire l'offre avant de postuler"),
        "cv_attached": gettext_lazy("Joindre le CV"),
        "message": gettext_lazy("Écrire un message poli"),
        "paying_offer": gettext_lazy("Éviter l'offre qui demande de l'argent"),
    },
)

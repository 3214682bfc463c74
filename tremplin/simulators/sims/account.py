"""Compte en ligne: a generic public service (no real brand, no real logo). Create an account
with an e-mail and a strong password, confirm it with the code received in the simulated
inbox, log in, fill a form, send a document, download the receipt.

The learner plays a made-up person (Camille Durand) with a practice address, so that no real
e-mail is typed. The password is kept hashed on the attempt (``Attempt.secret_hash``) for the
practice login only, and forgotten when the attempt ends.

Screens: ``accueil``, ``inscription``, ``boite`` (inbox with the code), ``confirmation``,
``connexion``, ``demande`` (the form), ``justificatif`` (the document), ``recepisse``.
Steps: ``signup`` {ok, reason, email, strong}, ``confirm`` {ok}, ``login`` {ok, reason},
``blocked`` {screen}, ``form`` {ok, reason, identity}, ``document`` {source, kind, size},
``receipt``.
"""

import datetime

from django import forms
from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.pdf import french_date, new_document
from tremplin.core.text import fold_name
from tremplin.simulators import engine
from tremplin.simulators.engine import Download, Invalid, Page, Result, StepRecord
from tremplin.simulators.forms import FileChoiceForm
from tremplin.simulators.sims.common import same_address
from tremplin.simulators.sims.passwords import reasons, strength

EMAIL = "camille.durand@messagerie.example"
LAST_NAME, FIRST_NAME, BIRTH = "Durand", "Camille", datetime.date(1985, 3, 14)


class SignupForm(forms.Form):
    email = forms.CharField(label=_("Adresse e-mail"), max_length=254)
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères, ou quatre mots avec un chiffre et un signe."),
    )
    password2 = forms.CharField(
        label=_("Le même mot de passe, encore une fois"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code de confirmation (6 chiffres)"), max_length=12)


class LoginForm(forms.Form):
    email = forms.CharField(label=_("Adresse e-mail"), max_length=254)
    password = forms.CharField(
        label=_("Mot de passe"), strip=False, max_length=200, widget=forms.PasswordInput
    )


class RequestForm(forms.Form):
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    birth = forms.CharField(
        label=_("Date de naissance"),
        max_length=20,
        help_text=_("Jour, mois, année. Exemple : 07/09/1975."),
    )


def _parse_date(text: str) -> datetime.date | None:
    digits = text.strip().replace(" ", "")
    for shape in ("%d/%m/%Y", "%d%m%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(digits, shape).date()
        except ValueError:
            continue
    return None


TEMPLATES = {
    "accueil": "simulators/account_accueil.html",
    "inscription": "simulators/account_inscription.html",
    "boite": "simulators/account_boite.html",
    "confirmation": "simulators/account_confirmation.html",
    "connexion": "simulators/account_connexion.html",
    "demande": "simulators/account_demande.html",
    "justificatif": "simulators/account_justificatif.html",
    "recepisse": "simulators/account_recepisse.html",
}


def _state(context: engine.Context) -> dict:
    return {
        "signed_up": context.done("signup", ok=True),
        "confirmed": context.done("confirm", ok=True),
        "logged_in": context.done("login", ok=True),
        "form_done": context.done("form", ok=True),
        "document": context.last("document"),
    }


def show(screen: str, context: engine.Context, *, form=None, query=None) -> Page:
    state = _state(context)
    base = {"state": state, "practice_email": EMAIL}
    template = TEMPLATES[screen]
    if screen == "inscription":
        signup = context.last("signup")
        shown = reasons(signup.facts) if signup and signup.facts.get("reason") == "weak" else []
        return Page(template, {**base, "form": form or SignupForm(), "reasons": shown})
    if screen == "boite":
        return Page(template, {**base, "code": context.code()})
    forms_by_screen = {
        "confirmation": CodeForm,
        "connexion": LoginForm,
        "demande": RequestForm,
        "justificatif": lambda: FileChoiceForm(samples_shown=("facture", "photo", "cv")),
    }
    if screen in forms_by_screen:
        return Page(template, {**base, "form": form or forms_by_screen[screen]()})
    return Page(template, base)


def act(screen: str, context: engine.Context, data, files) -> Result:
    state = _state(context)
    if screen == "inscription":
        return _signup(data)
    if screen == "confirmation":
        form = CodeForm(data)
        if not form.is_valid():
            raise Invalid(form)
        ok = state["signed_up"] and form.cleaned_data["code"].strip() == context.code()
        if ok:
            return Result(steps=(StepRecord("confirm", {"ok": True}),), next="connexion")
        form.add_error("code", _("Ce code ne va pas. Regardez le message reçu dans la boîte."))
        return Result(steps=(StepRecord("confirm", {"ok": False}),), form=form)
    if screen == "connexion":
        return _login(context, state, data)
    if screen in {"demande", "justificatif", "recepisse"} and not state["logged_in"]:
        return Result(steps=(StepRecord("blocked", {"screen": screen}),), next="connexion")
    if screen == "demande":
        return _request(data)
    if screen == "justificatif":
        form = FileChoiceForm(data, files, samples_shown=("facture", "photo", "cv"))
        if not form.is_valid():
            raise Invalid(form)
        facts, typed = form.file_facts()
        upload = ("document", form.checked) if form.checked else None
        return Result(
            steps=(StepRecord("document", facts, typed),), upload=upload, next="recepisse"
        )
    if screen == "recepisse" and state["form_done"] and state["document"]:
        return Result(
            steps=(StepRecord("receipt"),),
            download=Download(_receipt_pdf(context), "recepisse-exercice.pdf"),
        )
    return Result(next=screen)


def _signup(data) -> Result:
    form = SignupForm(data)
    if not form.is_valid():
        raise Invalid(form)
    password = form.cleaned_data["password"]
    facts = {**strength(password), "email": same_address(form.cleaned_data["email"], EMAIL)}
    if password != form.cleaned_data["password2"]:
        form.add_error("password2", _("Les deux mots de passe ne sont pas pareils. Réécrivez-les."))
        return Result(
            steps=(StepRecord("signup", {**facts, "ok": False, "reason": "mismatch"}),), form=form
        )
    if not facts["strong"]:
        form.add_error(
            "password", _("Ce mot de passe est trop faible. Voyez ce qui manque ci-dessous.")
        )
        return Result(
            steps=(StepRecord("signup", {**facts, "ok": False, "reason": "weak"}),), form=form
        )
    return Result(
        steps=(StepRecord("signup", {**facts, "ok": True, "reason": ""}),),
        secret_hash=make_password(password),
        next="boite",
    )


def _login(context: engine.Context, state: dict, data) -> Result:
    form = LoginForm(data)
    if not form.is_valid():
        raise Invalid(form)
    if not state["signed_up"]:
        reason, message = (
            "no_account",
            _("Aucun compte avec cette adresse. Créez d'abord un compte."),
        )
    elif not same_address(form.cleaned_data["email"], EMAIL):
        reason, message = "email", _("L'adresse ou le mot de passe ne va pas.")
    elif not check_password(form.cleaned_data["password"], context.secret_hash):
        reason, message = "password", _("L'adresse ou le mot de passe ne va pas.")
    elif not state["confirmed"]:
        reason, message = (
            "not_confirmed",
            _("Votre compte n'est pas encore activé. Entrez le code reçu par e-mail."),
        )
    else:
        return Result(steps=(StepRecord("login", {"ok": True, "reason": ""}),), next="demande")
    form.add_error(None, message)
    return Result(steps=(StepRecord("login", {"ok": False, "reason": reason}),), form=form)


def _request(data) -> Result:
    form = RequestForm(data)
    if not form.is_valid():
        raise Invalid(form)
    birth = _parse_date(form.cleaned_data["birth"])
    identity = (
        fold_name(form.cleaned_data["last_name"]) == fold_name(LAST_NAME)
        and fold_name(form.cleaned_data["first_name"]) == fold_name(FIRST_NAME)
        and birth == BIRTH
    )
    if birth is None:
        form.add_error("birth", _("Écrivez la date avec le jour, le mois, l'année : 14/03/1985."))
        return Result(steps=(StepRecord("form", {"ok": False, "reason": "date"}),), form=form)
    return Result(
        steps=(StepRecord("form", {"ok": True, "reason": "", "identity": identity}),),
        next="justificatif",
    )


def _receipt_pdf(context: engine.Context) -> bytes:
    document = context.last("document")
    pdf = new_document(title=_("Récépissé (exercice)"))
    pdf.add_page()
    pdf.heading(_("Récépissé de dépôt – site d'exercice"), size=16)
    pdf.paragraph(_("Demande d'attestation de Camille Durand."))
    pdf.paragraph(_("Déposée le %(date)s.") % {"date": french_date(timezone.now())})
    pdf.paragraph(_("Numéro de dossier : %(code)s") % {"code": context.code("dossier", 8)})
    if document:
        pdf.paragraph(_("Pièce jointe : %(name)s") % {"name": document.typed.get("name", "")})
    pdf.paragraph(_("Document d'exercice de Tremplin : il n'a aucune valeur."))
    return pdf.to_bytes()


def check(steps) -> engine.Review:
    def done(action, **facts):
        return any(
            s.action == action and all(s.facts.get(k) == v for k, v in facts.items()) for s in steps
        )

    signup = next((s.facts for s in steps if s.action == "signup" and s.facts.get("ok")), {})
    form = next((s.facts for s in reversed(steps) if s.action == "form" and s.facts.get("ok")), {})
    document = next((s.facts for s in reversed(steps) if s.action == "document"), {})
    wrong_order = done("login", reason="not_confirmed") or done("blocked")
    return engine.Review(
        (
            engine.finding(
                "account",
                bool(signup),
                _("Vous avez créé le compte avec un mot de passe solide."),
                _(
                    "Créez le compte. Le site refuse un mot de passe trop faible : au moins 12 "
                    "caractères, ou quatre mots avec un chiffre et un signe."
                ),
            ),
            engine.finding(
                "email",
                signup.get("email", False),
                _("Vous avez bien recopié l'adresse e-mail."),
                _(
                    "Recopiez l'adresse e-mail sans faute : %(email)s. Une lettre de travers, et "
                    "le code n'arrive jamais."
                )
                % {"email": EMAIL},
            ),
            engine.finding(
                "code",
                done("confirm", ok=True),
                _(
                    "Vous avez activé le compte avec le code reçu. Ce code ne se donne à "
                    "personne, même au téléphone."
                ),
                _(
                    "Ouvrez la boîte de réception, lisez le code, et entrez-le sur la page "
                    "« Confirmer mon compte »."
                ),
            ),
            engine.finding(
                "order",
                not wrong_order,
                _("Vous avez fait les étapes dans l'ordre : compte, code, connexion."),
                _(
                    "L'ordre compte : créer le compte, entrer le code reçu, puis se connecter. "
                    "Avant, le site refuse."
                ),
            ),
            engine.finding(
                "login",
                done("login", ok=True),
                _(
                    "Vous vous êtes connecté. Sur les vrais sites, le bouton FranceConnect permet "
                    "aussi d'entrer avec votre compte ameli, impots.gouv.fr, La Poste, MSA ou "
                    "France Identité."
                ),
                _("Connectez-vous avec l'adresse e-mail et le mot de passe du compte."),
            ),
            engine.finding(
                "form",
                form.get("identity", False) and not done("form", reason="date"),
                _("Le formulaire est bien rempli, avec la date au bon format."),
                _(
                    "Remplissez le formulaire avec le nom, le prénom et la date de naissance de "
                    "Camille : 14/03/1985 (jour, mois, année)."
                ),
            ),
            engine.finding(
                "document",
                document.get("source") in {"sample-facture", "own"},
                _("Vous avez envoyé le bon justificatif."),
                _(
                    "Envoyez le justificatif de domicile : la facture. Pas une photo de vacances "
                    "ni le CV."
                ),
            ),
            engine.finding(
                "receipt",
                done("receipt"),
                _("Vous avez téléchargé le récépissé. Gardez-le : il prouve votre demande."),
                _(
                    "Téléchargez le récépissé à la fin, et gardez-le : il prouve votre demande "
                    "(sur ameli, à la CAF ou chez France Travail aussi)."
                ),
            ),
        )
    )


SIMULATOR = engine.Simulator(
    slug="compte-en-ligne",
    title=gettext_lazy("Le compte sur un site public"),
    summary=gettext_lazy(
        "Créer un compte, l'activer avec un code, se connecter, remplir une demande, envoyer "
        "un justificatif et garder le récépissé."
    ),
    minutes=20,
    icon="user",
    tasks=(
        gettext_lazy("Créez un compte avec l'adresse de Camille et un mot de passe solide."),
        gettext_lazy("Activez le compte avec le code reçu dans la boîte de réception."),
        gettext_lazy("Connectez-vous et remplissez la demande pour Camille, née le 14/03/1985."),
        gettext_lazy("Envoyez le justificatif de domicile, puis téléchargez le récépissé."),
    ),
    first_screen="accueil",
    screens=frozenset(TEMPLATES),
    show=show,
    act=act,
    check=check,
    check_labels={
        "account": gettext_lazy("Créer le compte (mot de passe solide)"),
        "email": gettext_lazy("Recopier l'adresse e-mail"),
        "code": gettext_lazy("Entrer le code de confirmation"),
        "order": gettext_lazy("Faire les étapes dans l'ordre"),
        "login": gettext_lazy("Se connecter"),
        "form": gettext_lazy("Remplir le formulaire (date au bon format)"),
        "document": gettext_lazy("Envoyer le bon justificatif"),
        "receipt": gettext_lazy("Télécharger le récépissé"),
    },
)

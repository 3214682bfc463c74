"""Mot de passe: build a strong password, see why it is strong, and know how to keep it.

The rules follow the CNIL's recommendation on passwords (2022) and cybermalveillance.gouv.fr:
at least 12 characters mixing kinds of characters, or a passphrase of several words; never a
common password or an easy sequence; a different password for each account; a code received by
SMS is never given. The typed password is never stored, only what was measured about it.

Screens: ``essai`` (try a password), ``garder`` (three questions, then the result). Steps:
``try`` {length, kinds, passphrase, common, sequence, strong}, ``keep`` {where, reuse, code}.
"""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.text import fold
from tremplin.simulators import engine
from tremplin.simulators.engine import FINISH, Invalid, Page, Result, StepRecord
from tremplin.simulators.sims.quiz import Question, grade, quiz_form

MIN_LENGTH = 12
PASSPHRASE_LENGTH = 16
# The most used passwords in France and the words found in them (leaked password lists).
COMMON = (
    "123456",
    "azerty",
    "qwerty",
    "password",
    "motdepasse",
    "soleil",
    "bonjour",
    "doudou",
    "loulou",
    "chouchou",
    "marseille",
    "france",
    "admin",
    "iloveyou",
    "jetaime",
    "000000",
    "111111",
    "velorougepluie",  # the example of the page: a password shown to everyone is not secret
)
SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "azertyuiop", "qwertyuiop")


def _has_sequence(text: str) -> bool:
    folded = fold(text).replace(" ", "")
    for run in SEQUENCES:
        for start in range(len(run) - 3):
            if run[start : start + 4] in folded or run[start : start + 4][::-1] in folded:
                return True
    return re.search(r"(.)\1\1\1", folded) is not None


def strength(password: str) -> dict:
    """What makes a password strong or weak, as facts (the password itself is not kept)."""
    kinds = sum(
        bool(re.search(pattern, password))
        for pattern in (r"[a-zà-ÿ]", r"[A-ZÀ-Ý]", r"[0-9]", r"[^a-zA-Zà-ÿÀ-Ý0-9]")
    )
    words = [w for w in re.split(r"[\s\-_.,;:!?]+", password) if len(w) >= 3]
    passphrase = len(words) >= 4 and len(password) >= PASSPHRASE_LENGTH
    compact = re.sub(r"[^a-z0-9]", "", fold(password))
    common = any(word in compact for word in COMMON)
    sequence = _has_sequence(password)
    long_enough = len(password) >= MIN_LENGTH
    varied = kinds >= 3 or passphrase
    return {
        "length": len(password),
        "kinds": kinds,
        "passphrase": passphrase,
        "common": common,
        "sequence": sequence,
        "strong": long_enough and varied and not common and not sequence,
    }


def reasons(facts: dict) -> list[tuple[bool, str]]:
    """Each rule, met or not, in plain words."""
    return [
        (
            facts["length"] >= MIN_LENGTH,
            _("Au moins 12 caractères (le vôtre en a %(count)s).") % {"count": facts["length"]},
        ),
        (
            facts["kinds"] >= 3 or facts["passphrase"],
            _(
                "Des minuscules, des majuscules, des chiffres ou des signes, ou bien plusieurs "
                "mots à la suite."
            ),
        ),
        (
            not facts["common"],
            _("Pas un mot de passe connu, comme « azerty » ou « soleil »."),
        ),
        (
            not facts["sequence"],
            _("Pas de suite facile, comme « 1234 » ou « aaaa »."),
        ),
    ]


class TryForm(forms.Form):
    password = forms.CharField(
        label=_("Inventez un mot de passe"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Une idée : quatre mots qui font une image, avec un chiffre et un signe. "
            "Par exemple : Velo-Rouge-Pluie-47!"
        ),
        error_messages={"required": _("Écrivez un mot de passe pour le tester.")},
    )


def _questions() -> tuple[Question, ...]:
    return (
        Question(
            "where",
            _("Où pouvez-vous garder vos mots de passe ?"),
            (
                ("carnet", _("Dans un carnet rangé chez moi")),
                ("manager", _("Dans un gestionnaire de mots de passe")),
                ("postit", _("Sur un papier collé sous l'écran")),
                ("sms", _("Dans un SMS envoyé à un proche")),
            ),
            frozenset({"carnet", "manager"}),
        ),
        Question(
            "reuse",
            _("Vous avez trois comptes : e-mail, CAF et France Travail. Quels mots de passe ?"),
            (
                ("different", _("Un mot de passe différent pour chaque compte")),
                ("same", _("Le même mot de passe pour les trois comptes")),
                ("numbered", _("Le même mot, avec 1, 2 ou 3 à la fin")),
            ),
            frozenset({"different"}),
        ),
        Question(
            "code",
            _(
                "On vous appelle « de la part de votre banque ». On vous demande le code reçu "
                "par SMS. Que faites-vous ?"
            ),
            (
                ("hang_up", _("Je ne donne pas le code et je raccroche")),
                ("give", _("Je donne le code, c'est ma banque qui appelle")),
                ("if_name", _("Je donne le code s'il connaît mon nom")),
            ),
            frozenset({"hang_up"}),
        ),
    )


def show(screen: str, context: engine.Context, *, form=None, query=None) -> Page:
    if screen == "essai":
        last = context.last("try")
        return Page(
            "simulators/passwords_try.html",
            {
                "form": form or TryForm(),
                "last": last.facts if last else None,
                "reasons": reasons(last.facts) if last else [],
                "has_strong": context.done("try", strong=True),
            },
        )
    return Page(
        "simulators/passwords_keep.html", {"form": form or quiz_form(_questions(), context)}
    )


def act(screen: str, context: engine.Context, data, files) -> Result:
    if screen == "essai":
        form = TryForm(data)
        if not form.is_valid():
            raise Invalid(form)
        return Result(steps=(StepRecord("try", strength(form.cleaned_data["password"])),))
    form = quiz_form(_questions(), context, data)
    if not form.is_valid():
        raise Invalid(form)
    return Result(steps=(StepRecord("keep", grade(_questions(), form.cleaned_data)),), next=FINISH)


def check(steps) -> engine.Review:
    tries = [s.facts for s in steps if s.action == "try"]
    keep = next((s.facts for s in reversed(steps) if s.action == "keep"), {})
    strong = [f for f in tries if f.get("strong")]
    missed_text = _(
        "Votre mot de passe est encore trop faible. Essayez quatre mots qui font une "
        "image, avec un chiffre et un signe."
    )
    if not tries:
        missed_text = _("Testez au moins un mot de passe.")
    return engine.Review(
        (
            engine.finding(
                "strong_password",
                bool(strong),
                _("Vous avez inventé un mot de passe solide."),
                missed_text,
            ),
            engine.finding(
                "keep_safely",
                keep.get("where", False),
                _(
                    "Vous savez où garder vos mots de passe : un carnet chez vous ou un "
                    "gestionnaire de mots de passe."
                ),
                _(
                    "Gardez vos mots de passe dans un carnet rangé chez vous, ou dans un "
                    "gestionnaire de mots de passe. Jamais sous l'écran ni dans un SMS."
                ),
            ),
            engine.finding(
                "one_per_account",
                keep.get("reuse", False),
                _("Un mot de passe différent pour chaque compte : c'est juste."),
                _(
                    "Mettez un mot de passe différent pour chaque compte. Si un site se fait "
                    "voler, vos autres comptes restent protégés."
                ),
            ),
            engine.finding(
                "never_give_code",
                keep.get("code", False),
                _("Un code reçu par SMS ne se donne jamais : c'est juste."),
                _(
                    "Ne donnez jamais un code reçu par SMS, même à quelqu'un qui dit être votre "
                    "banque. Raccrochez et appelez le numéro écrit sur votre carte."
                ),
            ),
        )
    )


SIMULATOR = engine.Simulator(
    slug="mot-de-passe",
    title=gettext_lazy("Le mot de passe solide"),
    summary=gettext_lazy(
        "Inventer un mot de passe solide, comprendre pourquoi, et bien le garder."
    ),
    minutes=10,
    icon="lock",
    tasks=(
        gettext_lazy("Inventez un mot de passe et regardez s'il est solide."),
        gettext_lazy("Améliorez-le jusqu'à ce qu'il soit solide."),
        gettext_lazy("Répondez à trois questions pour bien le garder."),
    ),
    first_screen="essai",
    screens=frozenset({"essai", "garder"}),
    show=show,
    act=act,
    check=check,
    check_labels={
        "strong_password": gettext_lazy("Inventer un mot de passe solide"),
        "keep_safely": gettext_lazy("Garder ses mots de passe en lieu sûr"),
        "one_per_account": gettext_lazy("Un mot de passe par compte"),
        "never_give_code": gettext_lazy("Ne jamais donner un code reçu"),
    },
)

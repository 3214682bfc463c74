"""Entretien vidéo: check the link, the camera and the microphone, and know what to do when it
fails: a guided checklist, a practice page (the camera preview is an optional script), and four
situations.

Screens: ``preparer`` (checklist), ``essai`` (practice page), ``pannes`` (situations, then
the result). Steps: ``checklist`` {item: ticked}, ``practice``, ``troubles`` {question: right}.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.simulators import engine
from tremplin.simulators.engine import FINISH, Invalid, Page, Result, StepRecord
from tremplin.simulators.sims.quiz import Question, grade, quiz_form


def _checklist() -> tuple[tuple[str, str], ...]:
    return (
        ("link", _("J'ai ouvert le lien reçu par e-mail ou SMS la veille, pour le tester.")),
        ("camera", _("Ma caméra s'allume et on voit bien mon visage.")),
        ("micro", _("Le micro marche : je me suis entendu pendant un essai.")),
        ("battery", _("L'appareil est chargé, et le Wi-Fi ou les données marchent.")),
        ("place", _("Je suis dans un endroit calme, avec la lumière en face de moi.")),
        ("phone", _("J'ai noté le numéro du recruteur, au cas où ça ne marche pas.")),
    )


class ChecklistForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Cochez ce que vous avez vérifié"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = _checklist()


def _questions() -> tuple[Question, ...]:
    return (
        Question(
            "sound",
            _("Le recruteur dit qu'il ne vous entend pas."),
            (
                ("muted", _("Je regarde si mon micro est coupé (barré)")),
                ("louder", _("Je parle plus fort et je me rapproche")),
                ("leave", _("Je quitte l'appel et j'attends un peu")),
            ),
            frozenset({"muted"}),
        ),
        Question(
            "link",
            _("Cinq minutes avant l'heure, le lien ne s'ouvre pas."),
            (
                ("call", _("J'appelle ou j'écris au recruteur pour le prévenir")),
                ("wait", _("J'attends qu'il me recontacte un autre jour")),
                ("search", _("Je cherche l'entreprise sur Internet")),
            ),
            frozenset({"call"}),
        ),
        Question(
            "freeze",
            _("L'image se bloque et la voix coupe."),
            (
                ("camera_off", _("Je coupe ma caméra ; si ça continue, je propose le téléphone")),
                ("restart", _("Je relance l'appel toutes les minutes, sans rien dire")),
                ("ignore", _("Je continue à parler comme si de rien n'était")),
            ),
            frozenset({"camera_off"}),
        ),
        Question(
            "permission",
            _("La page demande : « Autoriser la caméra et le micro ? »"),
            (
                ("allow", _("Je touche « Autoriser » sur le site de l'entretien")),
                ("block", _("Je touche « Bloquer » pour être tranquille")),
                ("close", _("Je ferme la page et je recommence")),
            ),
            frozenset({"allow"}),
        ),
    )


def show(screen: str, context: engine.Context, *, form=None, query=None) -> Page:
    if screen == "preparer":
        last = context.last("checklist")
        initial = {"items": [k for k, v in last.facts.items() if v]} if last else {}
        return Page(
            "simulators/interview_prepare.html", {"form": form or ChecklistForm(initial=initial)}
        )
    if screen == "essai":
        return Page("simulators/interview_practice.html", {"practised": context.done("practice")})
    return Page(
        "simulators/interview_troubles.html", {"form": form or quiz_form(_questions(), context)}
    )


def act(screen: str, context: engine.Context, data, files) -> Result:
    if screen == "preparer":
        form = ChecklistForm(data)
        if not form.is_valid():
            raise Invalid(form)
        ticked = set(form.cleaned_data["items"])
        facts = {key: key in ticked for key, _text in _checklist()}
        return Result(steps=(StepRecord("checklist", facts),), next="essai")
    if screen == "essai":
        return Result(steps=(StepRecord("practice"),), next="pannes")
    form = quiz_form(_questions(), context, data)
    if not form.is_valid():
        raise Invalid(form)
    return Result(
        steps=(StepRecord("troubles", grade(_questions(), form.cleaned_data)),), next=FINISH
    )


def check(steps) -> engine.Review:
    checklist = next((s.facts for s in reversed(steps) if s.action == "checklist"), {})
    troubles = next((s.facts for s in reversed(steps) if s.action == "troubles"), {})
    texts = dict(_checklist())
    missing = [texts[key] for key in texts if not checklist.get(key)]
    return engine.Review(
        (
            engine.finding(
                "checklist",
                not missing,
                _("Vous avez tout vérifié avant l'entretien."),
                _("Avant l'entretien, vérifiez aussi : %(items)s") % {"items": " ".join(missing)},
            ),
            engine.finding(
                "sound",
                troubles.get("sound", False),
                _("Pas de son : vous regardez d'abord si le micro est coupé."),
                _(
                    "Si on ne vous entend pas, regardez si le micro est barré : touchez-le pour "
                    "le rallumer."
                ),
            ),
            engine.finding(
                "link",
                troubles.get("link", False),
                _("Le lien ne marche pas : vous prévenez le recruteur."),
                _(
                    "Si le lien ne s'ouvre pas, appelez ou écrivez tout de suite au recruteur. "
                    "Il proposera une autre solution."
                ),
            ),
            engine.finding(
                "freeze",
                troubles.get("freeze", False),
                _("L'image coupe : vous coupez la caméra, puis proposez le téléphone."),
                _(
                    "Si l'image se bloque, coupez votre caméra : le son passe mieux. Si ça "
                    "continue, proposez de finir par téléphone."
                ),
            ),
            engine.finding(
                "permission",
                troubles.get("permission", False),
                _("Vous autorisez la caméra et le micro sur le site de l'entretien."),
                _(
                    "Touchez « Autoriser » quand le site de l'entretien demande la caméra et le "
                    "micro. Sinon, le recruteur ne vous voit pas et ne vous entend pas."
                ),
            ),
        )
    )


SIMULATOR = engine.Simulator(
    slug="entretien-video",
    title=gettext_lazy("L'entretien en vidéo"),
    summary=gettext_lazy(
        "Vérifier le lien, la caméra et le micro, et savoir quoi faire quand ça ne marche pas."
    ),
    minutes=10,
    icon="phone",
    tasks=(
        gettext_lazy("Cochez ce qu'il faut vérifier avant l'entretien."),
        gettext_lazy("Faites un essai de caméra et de micro."),
        gettext_lazy("Dites ce que vous faites quand quelque chose ne marche pas."),
    ),
    first_screen="preparer",
    screens=frozenset({"preparer", "essai", "pannes"}),
    show=show,
    act=act,
    check=check,
    check_labels={
        "checklist": gettext_lazy("Tout vérifier avant l'entretien"),
        "sound": gettext_lazy("Pas de son : le micro coupé"),
        "link": gettext_lazy("Le lien ne s'ouvre pas : prévenir"),
        "freeze": gettext_lazy("L'image coupe : caméra coupée, téléphone"),
        "permission": gettext_lazy("Autoriser la caméra et le micro"),
    },
)

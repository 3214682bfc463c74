"""Messagerie: read a message, reply to it, write to a recruiter with the CV attached.

Screens: ``boite`` (inbox), ``message`` (one message), ``ecrire`` (write, or reply with
``?reponse=<key>``), ``joindre`` (« Mes fichiers »: pick the file to attach), ``envoyes``
(sent). Steps: ``open`` {message}, ``draft`` {reply}, ``attach`` {source, kind, size},
``detach``, ``send`` {to, reply, has_subject, greeting, closing, words, attachment}.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.simulators import engine
from tremplin.simulators.engine import Invalid, Page, Result, StepRecord
from tremplin.simulators.forms import FileChoiceForm
from tremplin.simulators.sims.common import is_cv, same_address, text_facts

ADVISER = "karima.benali@francetravail.example"
RECRUITER = "recrutement@boulangerie-lefevre.example"


def _messages() -> dict:
    return {
        "conseillere": {
            "sender": "Karima Benali",
            "address": ADVISER,
            "subject": _("Une offre d'emploi pour vous"),
            "date": _("Aujourd'hui, 9:12"),
            "body": [
                _("Bonjour,"),
                _(
                    "La boulangerie Lefèvre, à Strasbourg, cherche un vendeur ou une vendeuse. "
                    "C'est un CDI à temps plein."
                ),
                _("Envoyez votre CV par e-mail à cette adresse : %(address)s")
                % {"address": RECRUITER},
                _("Répondez-moi pour me dire que vous avez bien reçu ce message."),
                _("Bonne journée,"),
                _("Karima Benali, conseillère France Travail"),
            ],
        },
        "mediatheque": {
            "sender": _("Médiathèque du quartier"),
            "address": "contact@mediatheque.example",
            "subject": _("Votre livre est à rendre"),
            "date": _("Hier, 17:40"),
            "body": [
                _("Bonjour,"),
                _("Le livre « Cuisine facile » est à rendre avant samedi."),
                _("L'équipe de la médiathèque"),
            ],
        },
        "mairie": {
            "sender": _("Mairie"),
            "address": "info@mairie.example",
            "subject": _("Fête du quartier samedi"),
            "date": _("Lundi, 11:05"),
            "body": [_("Bonjour,"), _("La fête du quartier a lieu samedi de 14 h à 18 h.")],
        },
    }


class ComposeForm(forms.Form):
    to = forms.CharField(label=_("À (adresse e-mail)"), max_length=254, required=False)
    subject = forms.CharField(label=_("Objet"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"), max_length=4000, required=False, widget=forms.Textarea
    )

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "send" and not data.get("to", "").strip():
            self.add_error("to", _("Écrivez l'adresse de la personne, par exemple nom@site.fr."))
        return data


def _draft(context: engine.Context) -> dict:
    """The message being written: the typed text of the last draft since the last send, and
    the file attached to it."""
    draft = {"to": "", "subject": "", "body": "", "reply": "", "attachment": None}
    for step in context.steps:
        if step.action == "send":
            draft = {"to": "", "subject": "", "body": "", "reply": "", "attachment": None}
        elif step.action == "draft":
            draft.update(step.typed, reply=step.facts.get("reply", ""))
        elif step.action == "attach":
            draft["attachment"] = {**step.facts, **step.typed}
        elif step.action == "detach":
            draft["attachment"] = None
    return draft


def _sent(context: engine.Context) -> list[dict]:
    return [{**s.facts, **s.typed} for s in context.steps if s.action == "send"]


def _read(context: engine.Context) -> set:
    return {s.facts.get("message") for s in context.steps if s.action == "open"}


def show(screen: str, context: engine.Context, *, form=None, query=None) -> Page:
    query = query or {}
    messages = _messages()
    base = {"read": _read(context), "sent_count": len(_sent(context))}
    if screen == "boite":
        inbox = [{"key": key, **message} for key, message in messages.items()]
        return Page("simulators/webmail_inbox.html", {**base, "inbox": inbox})
    if screen == "message":
        key = query.get("n", "")
        if key not in messages:
            key = "conseillere"
        return Page(
            "simulators/webmail_message.html", {**base, "key": key, "message": messages[key]}
        )
    if screen == "ecrire":
        draft = _draft(context)
        reply = query.get("reponse", "")
        if form is None:
            initial = {k: draft[k] for k in ("to", "subject", "body")}
            if reply in messages and not draft["reply"] and not any(initial.values()):
                initial = {
                    "to": messages[reply]["address"],
                    "subject": _("RE : %(subject)s") % {"subject": messages[reply]["subject"]},
                    "body": "",
                }
                draft["reply"] = reply
            form = ComposeForm(initial=initial)
        original = messages.get(draft["reply"] or reply)
        return Page(
            "simulators/webmail_compose.html",
            {
                **base,
                "form": form,
                "attachment": draft["attachment"],
                "reply": draft["reply"] or (reply if reply in messages else ""),
                "original": original,
            },
        )
    if screen == "joindre":
        return Page("simulators/webmail_attach.html", {**base, "form": form or FileChoiceForm()})
    return Page("simulators/webmail_sent.html", {**base, "sent": _sent(context)})


def act(screen: str, context: engine.Context, data, files) -> Result:
    if screen == "boite":
        key = data.get("open", "")
        if key not in _messages():
            return Result(next="boite")
        return Result(steps=(StepRecord("open", {"message": key}),), next=f"message?n={key}")
    if screen == "ecrire":
        return _act_compose(context, data)
    if screen == "joindre":
        form = FileChoiceForm(data, files)
        if not form.is_valid():
            raise Invalid(form)
        facts, typed = form.file_facts()
        upload = ("attachment", form.checked) if form.checked else None
        return Result(steps=(StepRecord("attach", facts, typed),), upload=upload, next="ecrire")
    return Result(next=screen)


def _act_compose(context: engine.Context, data) -> Result:
    form = ComposeForm(data)
    if not form.is_valid():
        raise Invalid(form)
    typed = {k: form.cleaned_data[k] for k in ("to", "subject", "body")}
    reply = data.get("reply", "")
    reply = reply if reply in _messages() else ""
    draft = StepRecord("draft", {"reply": reply}, typed)
    action = data.get("action", "")
    if action == "attach":
        return Result(steps=(draft,), next="joindre")
    if action == "detach":
        return Result(
            steps=(draft, StepRecord("detach")), forget_upload="attachment", next="ecrire"
        )
    if action != "send":
        return Result(steps=(draft,), next="ecrire")
    attachment = _draft(context)["attachment"]
    to = typed["to"]
    facts = {
        "to": "adviser"
        if same_address(to, ADVISER)
        else "recruiter"
        if same_address(to, RECRUITER)
        else "other",
        "reply": reply,
        "has_subject": bool(typed["subject"].strip()),
        **text_facts(typed["body"]),
        "attachment": {k: attachment[k] for k in ("source", "kind", "size")}
        if attachment
        else None,
    }
    send_typed = {**typed, "attachment_name": attachment["name"] if attachment else ""}
    return Result(
        steps=(StepRecord("send", facts, send_typed),),
        forget_upload="attachment",
        next="envoyes",
    )


def check(steps) -> engine.Review:
    """The learner read the adviser's message before writing, replied to her, and wrote to the
    recruiter with a subject, a polite text and the CV as a PDF."""
    first_send = next((i for i, s in enumerate(steps) if s.action == "send"), len(steps))
    read_first = any(
        s.action == "open" and s.facts.get("message") == "conseillere" for s in steps[:first_send]
    )
    sent = [s.facts for s in steps if s.action == "send"]
    replies = [f for f in sent if f.get("to") == "adviser"]
    to_recruiter = [f for f in sent if f.get("to") == "recruiter"]
    wrong_address = any(f.get("to") == "other" for f in sent)
    letter = to_recruiter[-1] if to_recruiter else {}
    attachment = letter.get("attachment") or {}
    findings = [
        engine.finding(
            "read_first",
            read_first,
            _("Vous avez lu le message de la conseillère avant d'écrire."),
            _("Ouvrez d'abord le message reçu : il dit à qui écrire et quoi envoyer."),
        ),
        engine.finding(
            "reply",
            bool(replies),
            _("Vous avez répondu à la conseillère."),
            _("Répondez à la conseillère : ouvrez son message et touchez « Répondre »."),
        ),
        engine.finding(
            "recruiter_address",
            bool(to_recruiter),
            _("Votre message est parti à la bonne adresse."),
            _(
                "Le message pour la boulangerie n'est pas parti à la bonne adresse. "
                "Recopiez-la lettre par lettre : %(address)s"
            )
            % {"address": RECRUITER}
            if wrong_address
            else _("Écrivez un nouveau message à la boulangerie : %(address)s")
            % {"address": RECRUITER},
        ),
    ]
    if to_recruiter:
        findings += [
            engine.finding(
                "subject",
                letter.get("has_subject", False),
                _("Votre message a un objet."),
                _(
                    "Écrivez un objet, par exemple « Candidature vendeuse ». Sans objet, le "
                    "message peut être oublié."
                ),
            ),
            engine.finding(
                "polite",
                letter.get("greeting", False) and letter.get("closing", False),
                _("Votre message commence par « Bonjour » et finit poliment."),
                _(
                    "Commencez par « Bonjour Madame, Monsieur, » et finissez par « Cordialement » "
                    "et votre nom."
                ),
            ),
            engine.finding(
                "attachment",
                bool(attachment),
                _("Vous avez joint un fichier."),
                _(
                    "Vous avez oublié la pièce jointe. Touchez « Joindre un fichier » avant "
                    "d'envoyer."
                ),
            ),
        ]
        if attachment:
            findings.append(
                engine.finding(
                    "attachment_cv",
                    is_cv(attachment),
                    _("Le fichier joint est bien le CV, en PDF."),
                    _(
                        "Le fichier joint n'est pas le CV en PDF. Vérifiez le nom du fichier "
                        "avant de le joindre."
                    ),
                )
            )
    return engine.Review(tuple(findings))


SIMULATOR = engine.Simulator(
    slug="messagerie",
    title=gettext_lazy("La messagerie"),
    summary=gettext_lazy(
        "Lire un message, répondre, et écrire à un employeur avec votre CV en pièce jointe."
    ),
    minutes=15,
    icon="journal",
    tasks=(
        gettext_lazy("Lisez le message de votre conseillère France Travail."),
        gettext_lazy("Répondez-lui pour dire que vous l'avez reçu."),
        gettext_lazy(
            "Écrivez à la boulangerie : un objet, un message poli, et votre CV en pièce jointe."
        ),
    ),
    first_screen="boite",
    screens=frozenset({"boite", "message", "ecrire", "joindre", "envoyes"}),
    show=show,
    act=act,
    check=check,
    check_labels={
        "read_first": gettext_lazy("Lire le message avant d'écrire"),
        "reply": gettext_lazy("Répondre à un message"),
        "recruiter_address": gettext_lazy("Écrire la bonne adresse"),
        "subject": gettext_lazy("Mettre un objet"),
        "polite": gettext_lazy("Écrire un message poli"),
        "attachment": gettext_lazy("Joindre un fichier"),
        "attachment_cv": gettext_lazy("Joindre le bon fichier (le CV en PDF)"),
    },
)

"""Arnaques: spot phishing e-mails and SMS among real-looking messages, and know where to
report them.

Eight messages, five scams (a parcel, the Assurance Maladie, the CAF, France Travail, a job
that asks for money) and three real ones, shown one at a time in each attempt's own order. The
two answers are the same two buttons, in the same place, for every message: neither the place
nor the length of an answer gives it away. Then: where to report what (33700, Pharos, the
bank, cybermalveillance.gouv.fr and 17Cyber, Signal Conso).

Screens: ``message`` (``?i=<position>``), ``signaler``. Steps: ``classify`` {message, verdict,
right}, ``report`` {situation: right}.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.simulators import engine
from tremplin.simulators.engine import FINISH, Invalid, Page, Result, StepRecord
from tremplin.simulators.sims.quiz import Question, grade, quiz_form

SCAM, REAL = "scam", "real"


def _messages() -> dict:
    return {
        "colis": {
            "kind": "sms",
            "sender": "+33 7 56 12 48 90",
            "body": _(
                "Votre colis n'a pas pu être livré. Payez 1,99 € de frais avant ce soir : "
                "https://suivi-colis-livraison.info"
            ),
            "verdict": SCAM,
            "clues": [
                _("Un numéro inconnu, et vous n'attendez peut-être aucun colis."),
                _(
                    "On vous presse (« avant ce soir ») et on demande un petit paiement : c'est "
                    "pour avoir votre carte bancaire."
                ),
                _("L'adresse du lien n'est pas celle d'un vrai transporteur."),
            ],
        },
        "ameli": {
            "kind": "email",
            "sender": "Assurance Maladie <remboursement@ameli-sante-fr.com>",
            "subject": _("Remboursement en attente"),
            "body": _(
                "Vous avez droit à un remboursement de 148,30 €. Confirmez votre carte "
                "bancaire sous 48 heures."
            ),
            "verdict": SCAM,
            "clues": [
                _("L'adresse ne finit pas par ameli.fr."),
                _(
                    "L'Assurance Maladie ne demande jamais votre carte bancaire par e-mail : les "
                    "remboursements vont sur votre compte bancaire (votre RIB)."
                ),
            ],
        },
        "caf": {
            "kind": "sms",
            "sender": "CAF-INFO",
            "body": _(
                "CAF : votre dossier est incomplet, vos aides seront suspendues demain. "
                "Mettez à jour : https://caf-aides-dossier.fr"
            ),
            "verdict": SCAM,
            "clues": [
                _("La vraie adresse est caf.fr, rien d'autre."),
                _("La menace (« suspendues demain ») sert à vous faire cliquer sans réfléchir."),
            ],
        },
        "travail-faux": {
            "kind": "sms",
            "sender": "+33 6 44 19 83 02",
            "body": _(
                "France Travail : vous n'avez pas fait votre actualisation, votre dossier "
                "sera radié. Connectez-vous : https://francetravail-actualisation.com"
            ),
            "verdict": SCAM,
            "clues": [
                _("Le site de France Travail est francetravail.fr, pas une autre adresse."),
                _(
                    "Pour votre actualisation, allez vous-même sur francetravail.fr ou dans "
                    "l'application France Travail."
                ),
            ],
        },
        "emploi-payant": {
            "kind": "email",
            "sender": "Recrutement Express <jobs.recrutement24@gmail.com>",
            "subject": _("Vous êtes retenu : 2 500 € par mois"),
            "body": _(
                "Assistant à domicile, 10 heures par semaine, 2 500 € par mois. Pour "
                "commencer, payez 60 € pour votre kit de formation."
            ),
            "verdict": SCAM,
            "clues": [
                _("Un vrai employeur ne demande jamais d'argent pour travailler."),
                _("Le salaire est trop beau pour si peu d'heures, et vous n'avez pas postulé."),
            ],
        },
        "travail-vrai": {
            "kind": "email",
            "sender": "France Travail <ne-pas-repondre@francetravail.fr>",
            "subject": _("Un nouveau message de votre conseiller"),
            "body": _(
                "Un nouveau message vous attend dans votre espace personnel. Pour le "
                "lire, connectez-vous sur francetravail.fr ou dans l'application."
            ),
            "verdict": REAL,
            "clues": [
                _("L'adresse finit bien par francetravail.fr."),
                _(
                    "Le message ne demande ni code, ni argent : il vous dit d'aller vous-même sur "
                    "le site."
                ),
            ],
        },
        "pharmacie": {
            "kind": "sms",
            "sender": _("Pharmacie du Centre"),
            "body": _(
                "Bonjour, votre commande est prête. Vous pouvez passer la chercher aux "
                "heures d'ouverture."
            ),
            "verdict": REAL,
            "clues": [
                _("Pas de lien, pas d'argent demandé, pas de menace."),
                _("Vous pouvez vérifier en appelant la pharmacie."),
            ],
        },
        "entretien": {
            "kind": "email",
            "sender": "Boulangerie Lefèvre <recrutement@boulangerie-lefevre.example>",
            "subject": _("Votre candidature"),
            "body": _(
                "Bonjour, merci pour votre candidature. Pouvez-vous venir mardi à 10 h "
                "pour un entretien ? Répondez à ce message pour confirmer."
            ),
            "verdict": REAL,
            "clues": [
                _("Vous avez postulé chez cet employeur : la réponse est normale."),
                _("On ne vous demande ni argent, ni code, ni papiers."),
            ],
        },
    }


def _order(context: engine.Context) -> list[str]:
    return context.shuffled(_messages(), salt="messages")


def _answers(context: engine.Context) -> dict:
    answers = {}
    for step in context.steps:
        if step.action == "classify":
            answers.setdefault(step.facts["message"], step.facts)
    return answers


def _report_questions() -> tuple[Question, ...]:
    places = (
        ("33700", _("Je le transfère au 33700 (gratuit)")),
        ("pharos", _("Je le signale sur Pharos : internet-signalement.gouv.fr")),
        ("bank", _("J'appelle tout de suite ma banque pour bloquer la carte")),
        ("help", _("Je cherche de l'aide : cybermalveillance.gouv.fr ou 17Cyber")),
        ("conso", _("Je le signale sur Signal Conso : signal.conso.gouv.fr")),
    )
    situations = (
        ("sms", _("Vous recevez un SMS d'arnaque."), "33700"),
        ("site", _("Vous trouvez un faux site ou une arnaque sur Internet."), "pharos"),
        ("card", _("Vous avez donné votre carte bancaire sur un faux site."), "bank"),
        ("victim", _("Vous avez été victime et vous ne savez pas quoi faire."), "help"),
        ("shop", _("Un commerçant ou un démarcheur vous a trompé."), "conso"),
    )
    return tuple(Question(key, text, places, frozenset({right})) for key, text, right in situations)


def show(screen: str, context: engine.Context, *, form=None, query=None) -> Page:
    query = query or {}
    order = _order(context)
    answers = _answers(context)
    if screen == "signaler":
        return Page(
            "simulators/scams_report.html",
            {"form": form or quiz_form(_report_questions(), context)},
        )
    try:
        position = min(max(int(query.get("i", "1")), 1), len(order))
    except ValueError:
        position = 1
    key = order[position - 1]
    return Page(
        "simulators/scams_message.html",
        {
            "position": position,
            "count": len(order),
            "message": _messages()[key],
            "answer": answers.get(key),
            "is_last": position == len(order),
            "next_position": position + 1,
        },
    )


def act(screen: str, context: engine.Context, data, files) -> Result:
    if screen == "signaler":
        form = quiz_form(_report_questions(), context, data)
        if not form.is_valid():
            raise Invalid(form)
        return Result(
            steps=(StepRecord("report", grade(_report_questions(), form.cleaned_data)),),
            next=FINISH,
        )
    order = _order(context)
    try:
        position = min(max(int(data.get("position", "1")), 1), len(order))
    except ValueError:
        position = 1
    key = order[position - 1]
    verdict = data.get("verdict", "")
    if verdict not in {SCAM, REAL} or key in _answers(context):
        return Result(next=f"message?i={position}")
    right = verdict == _messages()[key]["verdict"]
    return Result(
        steps=(StepRecord("classify", {"message": key, "verdict": verdict, "right": right}),),
        next=f"message?i={position}",
    )


def check(steps) -> engine.Review:
    messages = _messages()
    answers = {}
    for step in steps:
        if step.action == "classify":
            answers.setdefault(step.facts.get("message"), step.facts)
    report = next((s.facts for s in reversed(steps) if s.action == "report"), {})
    findings = []
    for key, message in messages.items():
        answer = answers.get(key, {})
        is_scam = message["verdict"] == SCAM
        summary = message.get("subject") or message["body"][:60]
        if is_scam:
            missed = _("Arnaque pas repérée : « %(summary)s… ». %(clue)s")
        else:
            missed = _("Ce message était vrai : « %(summary)s… ». %(clue)s")
        findings.append(
            engine.finding(
                f"{message['verdict']}:{key}",
                answer.get("right", False),
                _("Bien vu : « %(summary)s… »") % {"summary": summary},
                missed % {"summary": summary, "clue": message["clues"][0]},
            )
        )
    findings.append(
        engine.finding(
            "report",
            bool(report) and all(report.values()),
            _(
                "Vous savez où signaler : le 33700 pour un SMS, Pharos pour un faux site, votre "
                "banque pour la carte, cybermalveillance.gouv.fr ou 17Cyber pour de l'aide, "
                "Signal Conso pour un commerçant."
            ),
            _(
                "Retenez : SMS d'arnaque au 33700 ; faux site sur Pharos "
                "(internet-signalement.gouv.fr) ; carte donnée : appelez votre banque ; besoin "
                "d'aide : cybermalveillance.gouv.fr ou 17Cyber ; commerçant : Signal Conso."
            ),
        )
    )
    return engine.Review(tuple(findings))


SIMULATOR = engine.Simulator(
    slug="arnaques",
    title=gettext_lazy("Repérer les arnaques"),
    summary=gettext_lazy(
        "Reconnaître les faux SMS et les faux e-mails, et savoir où les signaler."
    ),
    minutes=15,
    icon="help",
    tasks=(
        gettext_lazy("Lisez chaque message. Dites si c'est une arnaque ou un vrai message."),
        gettext_lazy("Lisez les indices après chaque réponse."),
        gettext_lazy("À la fin, dites où signaler chaque arnaque."),
    ),
    first_screen="message",
    screens=frozenset({"message", "signaler"}),
    show=show,
    act=act,
    check=check,
    check_labels={
        **{
            f"{SCAM}:{key}": label
            for key, label in (
                ("colis", gettext_lazy("Repérer le faux SMS de colis")),
                ("ameli", gettext_lazy("Repérer le faux e-mail de l'Assurance Maladie")),
                ("caf", gettext_lazy("Repérer le faux SMS de la CAF")),
                ("travail-faux", gettext_lazy("Repérer le faux SMS de France Travail")),
                ("emploi-payant", gettext_lazy("Repérer la fausse offre qui demande de l'argent")),
            )
        },
        **{
            f"{REAL}:{key}": label
            for key, label in (
                ("travail-vrai", gettext_lazy("Reconnaître le vrai message de France Travail")),
                ("pharmacie", gettext_lazy("Reconnaître le vrai SMS de la pharmacie")),
                ("entretien", gettext_lazy("Reconnaître la vraie réponse d'un employeur")),
            )
        },
        "report": gettext_lazy("Savoir où signaler une arnaque"),
    },
)

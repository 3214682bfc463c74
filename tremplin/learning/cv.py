"""The CV builder: a form whose answers become a one-page PDF, in the response only.

Nothing is stored (no model, no session key): the learner downloads the PDF and keeps it, as
the module « Écrire mon CV » says. Bad input re-renders the form with a plain message.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.pdf import FONT, new_document

LINE_MAX = 120
BLOCK_MAX = 1500


def _block(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=BLOCK_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CVForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=LINE_MAX)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=LINE_MAX)
    phone = forms.CharField(label=gettext_lazy("Téléphone"), max_length=30)
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        max_length=LINE_MAX,
        error_messages={"invalid": gettext_lazy("L'adresse e-mail doit avoir un @ et un point.")},
    )
    town = forms.CharField(label=gettext_lazy("Ville"), max_length=LINE_MAX, required=False)
    job = forms.CharField(
        label=gettext_lazy("Le métier que je cherche"),
        max_length=LINE_MAX,
        help_text=gettext_lazy("Par exemple : Agent de propreté."),
    )
    experience = _block(
        gettext_lazy("Mes expériences"),
        gettext_lazy("Une par ligne, la plus récente en premier. Ex. : 2025 : vendeuse, Metz."),
    )
    training = _block(gettext_lazy("Ma formation"), gettext_lazy("Une par ligne."))
    skills = _block(
        gettext_lazy("Mes compétences, langues et permis"), gettext_lazy("Une par ligne.")
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("experience", "training", "skills")):
            raise forms.ValidationError(
                _("Remplissez au moins une partie : expériences, formation ou compétences.")
            )
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def cv_pdf(data: dict) -> bytes:
    name = f"{data['first_name']} {data['last_name']}"
    pdf = new_document(title=_("CV de %(name)s") % {"name": name})
    pdf.add_page()
    pdf.heading(name, size=20)
    contact = " · ".join(v for v in (data["phone"], data["email"], data.get("town")) if v)
    pdf.paragraph(contact)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, data["job"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.ln(4)
    for title, key in (
        (_("Expériences"), "experience"),
        (_("Formation"), "training"),
        (_("Compétences"), "skills"),
    ):
        lines = _lines(data.get(key, ""))
        if lines:
            pdf.heading(title, size=13)
            for line in lines:
                pdf.paragraph(f"• {line}")
            pdf.ln(2)
    return pdf.to_bytes()


def file_name(data: dict) -> str:
    """« CV-Samia-Benali.pdf », ASCII letters only, as the module teaches."""
    from django.utils.text import slugify

    parts = [slugify(data["first_name"]).title(), slugify(data["last_name"]).title()]
    return "CV-" + "-".join(p for p in parts if p) + ".pdf"

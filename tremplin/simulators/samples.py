"""The practice files every learner can pick: a sample CV, a sample bill, a holiday photo.

They stand for « the files on my phone » in the simulators' file pickers. The CV and the bill
are real PDF documents made here (fpdf2), so the learner can open them; the photo exists only
as a name and a size, the wrong file to attach. All names and people are made up.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.pdf import new_document


@dataclass(frozen=True)
class SampleFile:
    key: str
    name: str
    kind: str  # pdf | jpeg | png, as uploads.kind_of
    size: int
    label: object


SAMPLE_FILES = {
    "cv": SampleFile(
        "cv", "CV-Camille-Durand.pdf", "pdf", 48_000, gettext_lazy("Le CV de l'exercice")
    ),
    "facture": SampleFile(
        "facture",
        "Facture-electricite-novembre.pdf",
        "pdf",
        61_000,
        gettext_lazy("Une facture d'électricité"),
    ),
    "photo": SampleFile(
        "photo", "Photo-anniversaire.jpg", "jpeg", 1_850_000, gettext_lazy("Une photo")
    ),
}


@cache
def sample_pdf(key: str) -> bytes:
    if key == "cv":
        return _cv()
    return _bill()


def _cv() -> bytes:
    pdf = new_document(title="CV Camille Durand")
    pdf.add_page()
    pdf.heading("Camille Durand", size=20)
    pdf.paragraph(_("Vendeuse en boulangerie – disponible tout de suite"))
    pdf.paragraph("camille.durand@messagerie.example – 06 00 00 00 00 – Strasbourg")
    pdf.heading(_("Expérience"), size=13)
    pdf.paragraph(_("2022 – 2025 : vendeuse, boulangerie du Marché, Strasbourg."))
    pdf.paragraph(_("Accueil des clients, encaissement, mise en rayon, ouverture du magasin."))
    pdf.paragraph(_("2019 – 2022 : employée de rayon, supermarché, Schiltigheim."))
    pdf.heading(_("Formation"), size=13)
    pdf.paragraph(_("CAP Employé de vente spécialisé, 2019."))
    pdf.heading(_("Atouts"), size=13)
    pdf.paragraph(_("Ponctuelle, souriante, à l'aise avec la caisse. Permis B."))
    pdf.paragraph(_("Document d'exercice : cette personne n'existe pas."))
    return pdf.to_bytes()


def _bill() -> bytes:
    pdf = new_document(title=_("Facture d'électricité (exercice)"))
    pdf.add_page()
    pdf.heading(_("Facture d'électricité – novembre"), size=16)
    pdf.paragraph("Camille Durand, 12 rue des Tilleuls, 67000 Strasbourg")
    pdf.paragraph(_("Montant : 58,40 €. Prélevé le 5 décembre."))
    pdf.paragraph(_("Document d'exercice : ce fournisseur et cette personne n'existent pas."))
    return pdf.to_bytes()

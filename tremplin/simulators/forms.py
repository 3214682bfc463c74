"""Forms shared by several simulators: choosing a file (a practice file or one's own)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tremplin.simulators import samples, uploads

OWN = "own"


class FileChoiceForm(forms.Form):
    """« Mes fichiers »: a practice file, or a file from the learner's device. The file's real
    type and size are checked (``uploads.check_file``); a refused file is not kept."""

    choice = forms.ChoiceField(label=_("Quel fichier ?"), widget=forms.RadioSelect)
    own = forms.FileField(
        label=_("Un fichier de votre appareil (PDF, JPEG ou PNG, 2 Mo au plus)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, samples_shown=("cv", "facture", "photo"), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            *(
                (key, f"{samples.SAMPLE_FILES[key].name} ({samples.SAMPLE_FILES[key].label})")
                for key in samples_shown
            ),
            (OWN, _("Un fichier de mon appareil")),
        ]
        self.checked = None

    def clean(self):
        data = super().clean()
        own = data.get("own")
        if data.get("choice") == OWN:
            if not own:
                raise ValidationError({"own": _("Choisissez un fichier sur votre appareil.")})
            try:
                self.checked = uploads.check_file(own)
            except ValidationError as error:
                raise ValidationError({"own": error.messages}) from error
        return data

    def file_facts(self) -> tuple[dict, dict]:
        """(facts, typed) of the chosen file: its source and type; its name when it is the
        learner's own (a name may say who they are)."""
        if self.checked is not None:
            return (
                {"source": OWN, "kind": self.checked.kind, "size": self.checked.size},
                {"name": self.checked.name},
            )
        sample = samples.SAMPLE_FILES[self.cleaned_data["choice"]]
        return (
            {"source": f"sample-{sample.key}", "kind": sample.kind, "size": sample.size},
            {"name": sample.name},
        )

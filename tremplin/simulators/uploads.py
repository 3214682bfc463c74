"""Checking a file a learner sends to a simulator: its size and its real type.

The type is read from the file's first bytes (its « magic number »), never from its name or the
type the browser announces: a « cv.pdf » that is really a program is refused. Refusals are
plain sentences; nothing is stored for a refused file.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# France Travail, the CAF and most online procedures ask for documents under 2 MB.
MAX_BYTES = 2 * 1024 * 1024
NAME_LENGTH = 120
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str  # pdf | jpeg | png
    size: int
    content: bytes


def kind_of(head: bytes) -> str | None:
    """``pdf``, ``jpeg`` or ``png`` from the first bytes of a file; None for anything else."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def check_file(uploaded) -> CheckedFile:
    """The file's name, real type, size and bytes; ValidationError with a plain message when
    it is empty, larger than ``MAX_BYTES`` (checked before reading it) or neither a PDF, a
    JPEG nor a PNG."""
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("Ce fichier est vide. Choisissez un autre fichier."), code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _(
                "Ce fichier est trop lourd : %(size)s. La limite est de 2 Mo. "
                "Choisissez un fichier plus léger, ou réduisez la taille de la photo."
            )
            % {"size": filesizeformat(size)},
            code="too_large",
        )
    uploaded.seek(0)
    content = uploaded.read(MAX_BYTES + 1)
    kind = kind_of(content[:8])
    if kind is None or len(content) > MAX_BYTES:
        raise ValidationError(
            _(
                "Ce fichier n'est ni un document PDF, ni une photo (JPEG ou PNG). "
                "Choisissez un autre fichier."
            ),
            code="wrong_type",
        )
    name = (uploaded.name or "fichier").replace("\\", "/").rsplit("/", 1)[-1][:NAME_LENGTH]
    return CheckedFile(name=name, kind=kind, size=len(content), content=content)

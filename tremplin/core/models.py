from django.db import models


class SubmissionToken(models.Model):
    """A one-time token rendered in a creating form (``{% submission_token %}``), claimed when the
    form is saved: a double click or a retried request finds it taken and is sent to the first
    result instead of making a second row (see ``tremplin.core.submissions``).

    Holds no personal data: a random token, when it was used and the address of the result.
    """

    token = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(db_index=True)
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.token[:8]}… → {self.result_url or '?'}"

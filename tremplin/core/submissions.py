"""One submission per form: a double click or a retried request makes one row.

A creating form renders ``{% submission_token %}`` beside ``{% csrf_token %}``: a hidden field with
a fresh random token. The view wraps its service call in ``once``::

    try:
        with submissions.once(request) as submission:
            person = services.record_intake(...)
            submission.result_url = person.get_absolute_url()
    except submissions.AlreadySubmitted as done:
        return redirect(done.url)
    except ValidationError as error:
        form.add_error(None, error)

``once`` inserts the token into ``core.SubmissionToken`` (a unique column) in the same
transaction as the service's rows. A second request with the same token waits on that row: when
the first commits, it gets ``AlreadySubmitted`` with the first result's address; when the first
fails (a ``ValidationError``, anything), nothing was kept, the token is free again and the
re-rendered form can be sent once more. Each claim also forgets the tokens of last week, so
the table stays small without a scheduled job.

A request without a well-formed token (a script, a page rendered before the token existed) is
processed as before, without this protection.
"""

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from tremplin.core.models import SubmissionToken

FIELD_NAME = "submission_token"
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")
KEEP_FOR = timedelta(days=7)


class AlreadySubmitted(Exception):
    """This form was already saved; ``url`` is the page of its result (may be empty)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class Submission:
    """What the view fills in once the service has succeeded."""

    def __init__(self, token: SubmissionToken | None):
        self.token = token
        self.result_url = ""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_of(request: HttpRequest) -> str | None:
    token = request.POST.get(FIELD_NAME, "")
    return token if TOKEN_SHAPE.fullmatch(token) else None


def earlier_result(request: HttpRequest) -> str | None:
    """The result address of this request's token when it was already used ("" when it left
    none), else None. For views that do other work before ``once`` (a duplicate check): a
    second click goes straight to the first result."""
    token = token_of(request)
    if token is None:
        return None
    return SubmissionToken.objects.filter(token=token).values_list("result_url", flat=True).first()


@contextmanager
def once(request: HttpRequest, *, now: datetime | None = None) -> Iterator[Submission]:
    """Runs the body in a transaction that also claims the request's token.

    Raises ``AlreadySubmitted`` (before the body runs) when the token was already claimed by a
    committed submission. Any exception of the body rolls the claim back with the rest.
    """
    token = token_of(request)
    with transaction.atomic():
        claimed = None
        if token is not None:
            try:
                with transaction.atomic():
                    claimed = SubmissionToken.objects.create(
                        token=token, used_at=now or timezone.now()
                    )
            except IntegrityError:
                previous = SubmissionToken.objects.filter(token=token).first()
                raise AlreadySubmitted(previous.result_url if previous else "") from None
            forget_old_tokens(now=now)
        submission = Submission(claimed)
        yield submission
        if claimed is not None and submission.result_url:
            claimed.result_url = submission.result_url[:300]
            claimed.save(update_fields=["result_url"])


def forget_old_tokens(*, now: datetime | None = None) -> int:
    """Deletes tokens older than a week (nobody retries a form that late); returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _rows = SubmissionToken.objects.filter(used_at__lt=cutoff).delete()
    return deleted

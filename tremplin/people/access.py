"""The one way a view opens a person's file: in record scope, or 404; the read journaled.

Every view that shows a person or their data (in any app) fetches the person here, so that
scope, the second organisation and the audit journal are decided in one place (decision 0006).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tremplin.people.models import Person
from tremplin.people.services import recent_read_of, record_read
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, is_space_staff


def fetch_person(
    request: HttpRequest,
    pk: int,
    *,
    capability: Capability | None = None,
    journal_read: bool = True,
    active_only: bool = False,
) -> Person:
    """The person ``pk`` if the user may open their file, else Http404 (outside the scope, the
    person does not exist for them). With ``capability``, a user in scope who lacks it gets
    PermissionDenied. The read is journaled (once per half hour, ``record_read``); pass
    ``journal_read=False`` only where the view journals a more precise action itself."""
    if not is_space_staff(request.user):
        raise Http404
    people = Person.objects.visible_to(request.user).select_related("home_space", "organisation")
    if active_only:
        people = people.active()
    now = timezone.now()
    if journal_read:
        # Whether the read is already journaled comes with the person, in the same query.
        recent = recent_read_of(OuterRef("pk"), actor=request.user, now=now)
        people = people.annotate(is_read_recently=Exists(recent))
    person = get_object_or_404(people, pk=pk)
    if capability is not None and not can(request.user, capability, person.home_space):
        raise PermissionDenied
    if journal_read:
        record_read(person, actor=request.user, now=now, already_read=person.is_read_recently)
    return person

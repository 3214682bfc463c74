"""What the partners app adds to other apps' pages: the referrals on a person's timeline, and
the referrals waiting at the staff home."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.partners.models import Referral, Status
from tremplin.people import timeline
from tremplin.spaces import home


def referral_entry(referral, person, user) -> timeline.Entry:
    return timeline.Entry(
        at=referral.sent_at,
        kind="referral",
        title=_("Orientée par %(partner)s") % {"partner": referral.partner.name},
        detail=_("vers %(space)s – %(status)s")
        % {"space": referral.space.name, "status": referral.get_status_display()},
        url=referral.get_manage_url(),
        icon="arrow-right",
    )


# One entry per referral of the person that the user may see (activity scope).
REFERRAL_SOURCE = timeline.Source(
    "referral",
    rows=lambda person, user: Referral.objects.visible_to(user).filter(person=person),
    fields=("pk", "sent_at", "status", "partner__name", "space__name"),
    entry=referral_entry,
)


def referrals_to_receive(user) -> list[home.Notice]:
    """The referrals sent to the user's spaces and not yet received."""
    waiting = Referral.objects.visible_to(user).filter(status=Status.SENT).count()
    if not waiting:
        return []
    return [
        home.Notice(
            title=ngettext(
                "%(count)s orientation à recevoir",
                "%(count)s orientations à recevoir",
                waiting,
            )
            % {"count": waiting},
            detail=_("Appelez la personne, puis notez-la reçue."),
            url=reverse("partners:received_list") + "?statut=sent",
            icon="journal",
            is_urgent=True,
        )
    ]

"""Partners: referring organisations, their advisers, and referrals (decision 0010).

An adviser of a referring organisation (an employment service agency, a family allowance
office, social services, a municipal social centre) refers a person to a space, with the
person's consent, and follows what became of them: one ``Referral`` per person referred, whose
status moves sent → received → diagnosed → in training → completed, or closed with a reason.
Staff of the space move it forward; the diagnosed, in-training and completed steps also follow
from records of the activity apps (``services.sync_referrals``, called by the pages that show
referrals and by the ``sync_referrals`` command). Each change is one ``ReferralEvent`` and a line
of the person's journal; the adviser gets an e-mail at once or in a daily digest.
A whole cohort can be referred from a CSV or XLSX file (``imports.py``): checked line by line,
then imported all or nothing, once.

Scope: advisers never use record scope (``Person.visible_to``); theirs is
``Referral.objects.visible_to(user)`` (organisation first, then their partner organisation), and
they see only what the person agreed to share (``Referral.shared_view``). Staff see the
referrals received at their spaces (activity scope). A referral holds no name or phone: it
points at a ``people.Person`` made or attached through ``tremplin.people.services``.

This app sits above the activity apps: it reads ``diagnostic``, ``learning``, ``workshops`` and
``accompaniment`` querysets, and imports ``core``, ``accounts``, ``spaces`` and ``people``. Only
``impact``, ``territories`` and ``api`` import it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF

ADVISERS = frozenset({"partner"})


class PartnersConfig(AppConfig):
    name = "tremplin.partners"
    label = "partners"
    verbose_name = _("Partenaires et orientations")
    staff_nav = [
        ("partners:home", _("Mes orientations"), "journal", 5, ADVISERS),
        ("partners:referral_create", _("Orienter une personne"), "plus", 6, ADVISERS),
        ("partners:dashboard", _("Tableau de bord"), "chart", 7, ADVISERS),
        ("partners:received_list", _("Orientations reçues"), "journal", 40, SPACE_STAFF),
    ]

    def ready(self):
        from tremplin.partners import providers
        from tremplin.people import timeline
        from tremplin.spaces import home

        timeline.register_source(providers.REFERRAL_SOURCE)
        home.register(providers.referrals_to_receive)

"""Demo follow-ups: planned for the cohorts and pathways of the demo network, and about two
thirds of those already due answered, so that the dashboards show outcomes at 3 and 6 months."""

from django.utils import timezone

from tremplin.impact import services
from tremplin.impact.models import FollowUp

SITUATIONS = ["job", "job", "training", "searching", "searching", "unknown"]


def seed(network) -> None:
    organisations = [network.organisation, network.second_organisation]
    now = timezone.now()
    added = services.plan_follow_ups(now=now)
    due = FollowUp.objects.filter(organisation__in=organisations).due(on=timezone.localdate(now))
    answered = 0
    for follow_up in due.order_by("pk"):
        if network.rng.random() < 2 / 3:
            services.record_follow_up(follow_up, situation=network.rng.choice(SITUATIONS), now=now)
            answered += 1
    network.stdout.write(f"  impact: {added} follow-ups planned, {answered} answered")

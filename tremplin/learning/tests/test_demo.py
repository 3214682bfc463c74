import random
from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from faker import Faker

from tremplin.accounts.models import User
from tremplin.learning import content, demo, services
from tremplin.learning.models import Certificate, LearnerProfile, PageProgress
from tremplin.learning.tests.factories import make_person


def test_seed_demo_gives_the_demo_learner_progress_to_continue_and_is_idempotent(db):
    call_command("seed_demo", force=True, stdout=StringIO())
    apprenant = User.objects.get(username="apprenant")
    done = PageProgress.objects.filter(user=apprenant).count()
    call_command("seed_demo", force=True, stdout=StringIO())
    assert done > 0
    assert PageProgress.objects.filter(user=apprenant).count() == done
    assert services.AccountProgress(apprenant).continue_point(content.catalogue("fr")) is not None


def test_demo_links_ahmed_diallo_gives_a_certificate_and_trains_volunteers(personas):
    people = [
        make_person(personas.strasbourg, first_name="Ahmed", last_name="Diallo"),
        *[make_person(personas.strasbourg) for _index in range(4)],
    ]
    personas.learner.first_name, personas.learner.last_name = "Ahmed", "Diallo"
    network = SimpleNamespace(
        rng=random.Random(1),
        faker=Faker("fr_FR"),
        stdout=StringIO(),
        organisation=personas.organisation,
        spaces={"strasbourg": personas.strasbourg, "marseille": personas.marseille},
        accounts={"apprenant": personas.learner},
        people=people,
    )
    demo.seed(network)
    demo.seed(network)
    profile = LearnerProfile.objects.get(user=personas.learner)
    assert profile.person == people[0]
    assert services.log_in_with_code("apprenant", demo.DEMO_LEARNER_CODE) == personas.learner
    assert LearnerProfile.objects.count() == 5
    assert Certificate.objects.filter(pathway_slug="premiers-pas").count() == 1
    assert PageProgress.objects.filter(user=personas.volunteer).exists()

"""A follow-up answered twice at once (a double tap on the person's form, staff recording at the
same moment), on PostgreSQL: the row lock keeps exactly one answer. Skipped on SQLite, which
serialises every write."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from tremplin.impact.models import FollowUp, new_answer_token, token_hash
from tremplin.impact.tests.factories import follow_up
from tremplin.people.tests.factories import make_person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_twenty_answers_at_once_record_one(personas):
    person = make_person(personas.strasbourg, first_name="Lina")
    row = follow_up(person, personas.strasbourg, due_on=datetime.date(2026, 3, 1), months=3)
    token = new_answer_token()
    FollowUp.objects.filter(pk=row.pk).update(token_hash=token_hash(token))
    barrier = threading.Barrier(20)
    statuses = []

    def answer(situation):
        try:
            barrier.wait(timeout=30)
            response = Client().post(f"/impact/reponse/{token}/", {"situation": situation})
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    situations = ["job", "training", "searching", "unknown"] * 5
    threads = [threading.Thread(target=answer, args=(s,)) for s in situations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    row.refresh_from_db()
    assert row.situation in {"job", "training", "searching", "unknown"}
    assert statuses.count(200) == 1 and statuses.count(404) == 19

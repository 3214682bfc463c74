"""Races under real row locks: jobs released at once, each on its own database connection.

SQLite serialises every write with one database lock, so these races cannot happen there and the
tests would prove nothing: ``ON_POSTGRESQL`` skips them. CI runs them with DATABASE_URL on
PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections

ON_POSTGRESQL = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: SQLite serialises all writes, so there is no race",
    ),
]


def run_together(jobs) -> list:
    """Runs each job in its own thread (its own database connection), all released at once;
    returns what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results

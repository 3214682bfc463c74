"""Helpers' view of simulators: which ones a person finished, and the steps they missed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tremplin.people.access import fetch_person
from tremplin.simulators import services


def person_simulators(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk)
    context = {"person": person, "summaries": services.struggles([person.pk])}
    return render(request, "simulators/person_simulators.html", context)

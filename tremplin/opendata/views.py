"""Open-data files: public, cacheable for an hour, with their licence in a ``Link`` header."""

import csv
import io

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from tremplin.opendata import exports

SCHEMAS = {
    "data-inclusion": "https://github.com/gip-inclusion/data-inclusion-schema/tree/main/schemas/v1",
    "lieux-mediation-numerique": (
        "https://raw.githubusercontent.com/LaMednum/standard-mediation-num/v1.0.2/schema.json"
    ),
}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _licensed(response: HttpResponse) -> HttpResponse:
    response["Link"] = f'<{exports.LICENCE["path"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(rows) -> HttpResponse:
    return _licensed(JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False}))


@login_not_required
@cache_control(public=True, max_age=3600)
def index(request: HttpRequest) -> HttpResponse:
    """What is published, in which standard, under which licence, and what was left out."""
    export = exports.publishable(exports.public_spaces())
    return render(request, "opendata/index.html", {"left_out": export.left_out})


@login_not_required
@cache_control(public=True, max_age=3600)
def datapackage(request: HttpRequest) -> HttpResponse:
    """A Frictionless data package: each file, its format, its schema and the licence."""
    resources = [
        ("tremplin-structures-data-inclusion", "opendata:di_structures", "json", "data-inclusion"),
        ("tremplin-services-data-inclusion", "opendata:di_services", "json", "data-inclusion"),
        (
            "tremplin-lieux-mediation-numerique",
            "opendata:lmn_csv",
            "csv",
            "lieux-mediation-numerique",
        ),
        (
            "tremplin-lieux-mediation-numerique-json",
            "opendata:lmn_json",
            "json",
            "lieux-mediation-numerique",
        ),
    ]
    package = {
        "name": "tremplin-lieux",
        "title": "Lieux de solidarité numérique et leurs services",
        "licenses": [exports.LICENCE],
        "resources": [
            {
                "name": name,
                "path": request.build_absolute_uri(reverse(url_name)),
                "format": kind,
                "schema": SCHEMAS[standard],
                "licenses": [exports.LICENCE],
            }
            for name, url_name, kind, standard in resources
        ],
    }
    return _json(package)


@login_not_required
@cache_control(public=True, max_age=3600)
def di_structures(request: HttpRequest) -> HttpResponse:
    export = exports.data_inclusion_structures(exports.public_spaces(), base_url=_base_url(request))
    return _json(export.rows)


@login_not_required
@cache_control(public=True, max_age=3600)
def di_services(request: HttpRequest) -> HttpResponse:
    export = exports.data_inclusion_services(exports.public_spaces(), base_url=_base_url(request))
    return _json(export.rows)


@login_not_required
@cache_control(public=True, max_age=3600)
def lmn_json(request: HttpRequest) -> HttpResponse:
    export = exports.lieux_mediation_numerique(exports.public_spaces(), base_url=_base_url(request))
    return _json(export.rows)


@login_not_required
@cache_control(public=True, max_age=3600)
def lmn_csv(request: HttpRequest) -> HttpResponse:
    export = exports.lieux_mediation_numerique(exports.public_spaces(), base_url=_base_url(request))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=exports.LMN_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {key: "" if value is None else value for key, value in row.items()} for row in export.rows
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lieux-mediation-numerique.csv"'
    return _licensed(response)

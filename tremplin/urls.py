from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tremplin.core import views as core_views

urlpatterns = [
    path("", include("tremplin.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("tremplin.accounts.urls")),
    path("", include("tremplin.spaces.urls")),
    path("people/", include("tremplin.people.urls")),
    path("accompaniment/", include("tremplin.accompaniment.urls")),
    path("workshops/", include("tremplin.workshops.urls")),
    path("solidarity/", include("tremplin.solidarity.urls")),
    path("diagnostic/", include("tremplin.diagnostic.urls")),
    path("learn/simulateurs/", include("tremplin.simulators.urls")),
    path("learn/", include("tremplin.learning.urls")),
    path("partners/", include("tremplin.partners.urls")),
    path("impact/", include("tremplin.impact.urls")),
    path("opendata/", include("tremplin.opendata.urls")),
    path("admin/", admin.site.urls),
]

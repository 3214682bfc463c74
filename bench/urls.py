"""The project's URLs plus a hello-world view: the baseline that server costs are compared to."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from tremplin.urls import urlpatterns as project_urlpatterns


@login_not_required
def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("bench/hello", hello), *project_urlpatterns]

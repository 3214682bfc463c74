"""Learner pages of the simulators. Public (allowlisted in the consistency test): a visitor
practises without an account, in their session; a logged-in learner's attempts are their own.
Every page works without JavaScript, and nothing typed or chosen ever leaves the platform."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from tremplin.simulators import engine, samples, services


def _simulator(slug: str) -> engine.Simulator:
    simulator = engine.get(slug)
    if simulator is None:
        raise Http404
    return simulator


def _screen_url(simulator: engine.Simulator, target: str) -> str:
    name, _sep, query = target.partition("?")
    if name == engine.FINISH:
        return reverse("simulators:attempt_result", args=[simulator.slug])
    url = reverse("simulators:screen", args=[simulator.slug, name])
    return f"{url}?{query}" if query else url


@login_not_required
@never_cache
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "simulators/index.html", {"simulators": engine.registry().values()})


@login_not_required
@never_cache
def simulator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What the simulator is and what to do; « Commencer » (a POST) starts a fresh attempt."""
    simulator = _simulator(slug)
    if request.method == "POST":
        services.start_attempt(request, slug)
        return redirect(_screen_url(simulator, simulator.first_screen))
    context = {
        "simulator": simulator,
        "attempt": services.current_attempt(request, slug),
        "finished": services.last_finished(request, slug),
    }
    return render(request, "simulators/simulator_detail.html", context)


@login_not_required
@never_cache
def screen(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """One screen of the simulated site: GET shows it, POST does what its buttons say."""
    simulator = _simulator(slug)
    if name not in simulator.screens:
        raise Http404
    attempt = services.current_attempt(request, slug)
    if attempt is None:
        return redirect("simulators:simulator_detail", slug)
    context = services.context_of(attempt)
    form = None
    if request.method == "POST":
        try:
            result = simulator.act(name, context, request.POST, request.FILES)
        except engine.Invalid as invalid:
            form = invalid.form
        else:
            services.record(attempt, result)
            if result.download is not None:
                return _download(result.download)
            if result.form is None:
                if result.next == engine.FINISH:
                    services.finish_attempt(request, attempt)
                return redirect(_screen_url(simulator, result.next or name))
            form = result.form
            context = services.context_of(attempt)
    page = simulator.show(name, context, form=form, query=request.GET)
    return render(
        request, page.template, {**page.context, "simulator": simulator, "screen_name": name}
    )


def _download(download: engine.Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@login_not_required
@never_cache
@require_POST
def attempt_finish(request: HttpRequest, slug: str) -> HttpResponse:
    """« J'ai fini » on any screen: the steps are checked and the feedback shown."""
    _simulator(slug)
    attempt = services.current_attempt(request, slug)
    if attempt is not None:
        services.finish_attempt(request, attempt)
    return redirect("simulators:attempt_result", slug)


@login_not_required
@never_cache
@require_GET
def attempt_result(request: HttpRequest, slug: str) -> HttpResponse:
    simulator = _simulator(slug)
    attempt = services.last_finished(request, slug)
    if attempt is None:
        return redirect("simulators:simulator_detail", slug)
    review = simulator.check(services.context_of(attempt).steps)
    context = {"simulator": simulator, "review": review}
    return render(request, "simulators/attempt_result.html", context)


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def sample_file(request: HttpRequest, name: str) -> HttpResponse:
    """The practice files (a sample CV, a sample bill): made up, the same for everyone."""
    sample = samples.SAMPLE_FILES.get(name)
    if sample is None or sample.kind != "pdf":
        raise Http404
    response = HttpResponse(samples.sample_pdf(name), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sample.name}"'
    return response


@login_not_required
@never_cache
@require_GET
def upload_file(request: HttpRequest, slug: str, purpose: str) -> HttpResponse:
    """The learner's own file, to check it is the right one; only from their attempt."""
    _simulator(slug)
    upload = services.file_of(request, slug, purpose)
    if upload is None:
        raise Http404
    types = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
    response = HttpResponse(bytes(upload.content), content_type=types[upload.kind])
    response["Content-Disposition"] = 'inline; filename="fichier"'
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response

from django.utils.functional import SimpleLazyObject, empty

SCOPE_SESSION_KEY = "tremplin_scope"


class SessionScopeMiddleware:
    """Keeps the user's organisation and staff roles (``models._scope_of``) in the session, with
    the account's ``access_version``: a request reads them from there instead of the database,
    until a membership or an affiliation of the account changes (``spaces.signals``). The
    session is only server-side state, so a visitor cannot forge a scope in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.user = SimpleLazyObject(lambda: _with_stored_scope(request, user))
        response = self.get_response(request)
        _store_scope(request)
        return response


def _with_stored_scope(request, user):
    if isinstance(user, SimpleLazyObject):
        user.pk  # noqa: B018  (reads the lazy user: the session and the account row)
        user = user._wrapped
    stored = request.session.get(SCOPE_SESSION_KEY) if user.is_authenticated else None
    if stored and stored[0] == user.access_version:
        user._tremplin_scope = (stored[1], {space_id: role for space_id, role in stored[2]})
    return user


def _store_scope(request) -> None:
    user = request.user
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            return  # nothing read the user, so nothing computed a scope
        user = user._wrapped
    scope = getattr(user, "_tremplin_scope", None)
    if scope is None or not user.is_authenticated:
        return
    organisation_id, roles = scope
    stored = [user.access_version, organisation_id, [[key, roles[key]] for key in sorted(roles)]]
    if request.session.get(SCOPE_SESSION_KEY) != stored:
        request.session[SCOPE_SESSION_KEY] = stored

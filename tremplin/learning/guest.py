"""Progress of a visitor without an account, kept in their session (issue 9: a person without an
account starts a module right away).

The session holds, per module, the pages done and the answers given: slugs and booleans, no
personal data, gone when the session expires. When the visitor later logs in on the same device
with the account a helper made for them (code or card), ``services.attach_guest_progress``
replays it into their account's progress and empties the session.

``tracker(request)`` gives the pages one object with the same questions for both: what is done,
where to go on, and recording a page.
"""

from tremplin.learning import services
from tremplin.learning.content import Catalogue, Module, Page
from tremplin.learning.services import AccountProgress

SESSION_KEY = "learning_guest_progress"
# A session is not a database: a visitor who opens every page of every module stays far below.
MAX_MODULES = 200


def progress_of(session) -> dict[str, dict[str, dict]]:
    """``{module slug: {page stem: {"done": bool, "attempts": int, "right": bool | None}}}``."""
    data = session.get(SESSION_KEY)
    return data if isinstance(data, dict) else {}


class GuestProgress:
    """The visitor's progress, read from and written to their session."""

    is_guest = True

    def __init__(self, session):
        self.session = session

    def _pages(self, module_slug: str) -> dict[str, dict]:
        pages = progress_of(self.session).get(module_slug)
        return pages if isinstance(pages, dict) else {}

    def done_stems(self, module: Module) -> set[str]:
        return {stem for stem, entry in self._pages(module.slug).items() if entry.get("done")}

    def is_page_done(self, page: Page) -> bool:
        return bool(self._pages(page.module_slug).get(page.stem, {}).get("done"))

    def module_states(self, modules, *, mastered: set[str] = frozenset()):
        states = []
        for module in modules:
            stems = {page.stem for page in module.pages}
            done = self.done_stems(module) & stems
            states.append(
                services.ModuleState(
                    module=module,
                    done=len(done),
                    total=len(stems),
                    is_completed=bool(stems) and done == stems,
                    is_mastered=module.slug in mastered,
                )
            )
        return states

    def completed_module_slugs(self, catalogue: Catalogue) -> set[str]:
        return {
            slug
            for slug in progress_of(self.session)
            if slug in catalogue.modules
            and self.done_stems(catalogue.modules[slug])
            >= {page.stem for page in catalogue.modules[slug].pages}
        }

    def first_page_to_do(self, module: Module) -> Page:
        done = self.done_stems(module)
        return next((page for page in module.pages if page.stem not in done), module.pages[0])

    def continue_point(self, catalogue: Catalogue) -> Page | None:
        """The next page of the last module touched and not finished."""
        for slug in reversed(list(progress_of(self.session))):
            module = catalogue.modules.get(slug)
            if module and self.done_stems(module) < {page.stem for page in module.pages}:
                return self.first_page_to_do(module)
        return None

    def record_page(
        self, page: Page, *, catalogue: Catalogue, is_right: bool | None = None
    ) -> services.Outcome:
        """Records a lesson read or an answer in the session; says when the module is done
        (no certificate: a certificate needs an account, with a name on it)."""
        data = dict(progress_of(self.session))
        pages = dict(data.pop(page.module_slug, {}))  # re-inserted last: touched last
        if len(data) >= MAX_MODULES:
            data.pop(next(iter(data)))
        entry = dict(pages.get(page.stem, {}))
        was_completed = self._module_completed(data, pages, page, catalogue)
        if is_right is None:
            entry["done"] = True
        else:
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            entry["right"] = is_right
            entry["done"] = bool(entry.get("done")) or is_right
        pages[page.stem] = entry
        data[page.module_slug] = pages
        self.session[SESSION_KEY] = data
        is_completed = self._module_completed(data, pages, page, catalogue)
        return services.Outcome(module_completed=is_completed and not was_completed)

    @staticmethod
    def _module_completed(data, pages, page: Page, catalogue: Catalogue) -> bool:
        module = catalogue.modules[page.module_slug]
        done = {stem for stem, entry in pages.items() if entry.get("done")}
        return done >= {p.stem for p in module.pages}


def tracker(request) -> GuestProgress | AccountProgress:
    if request.user.is_authenticated:
        return AccountProgress(request.user)
    return GuestProgress(request.session)


def attach_to_account(session, user, *, catalogue: Catalogue) -> int:
    """After a login on this device: the visitor's progress goes to ``user``'s account and
    leaves the session. Returns how many pages were attached."""
    progress = progress_of(session)
    if not progress:
        return 0
    attached = services.attach_guest_progress(user, progress, catalogue=catalogue)
    session.pop(SESSION_KEY, None)
    return attached

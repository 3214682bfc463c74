"""Permission-matrix rows of the core app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import REDIRECT, Row, everyone

ROWS = {
    "core:home": Row("/", everyone()),
    "healthz": Row("/healthz", everyone()),
    "set_language": Row(
        "/i18n/setlang/", everyone(REDIRECT), method="post", data={"language": "en"}
    ),
}

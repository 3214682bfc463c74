"""Permission-matrix rows of the accounts app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import LOGGED_IN, REDIRECT, Row, cells

ROWS = {
    "accounts:login": Row("/accounts/login/", cells(LOGGED_IN, REDIRECT, anonymous=200)),
    "accounts:logout": Row("/accounts/logout/", cells(LOGGED_IN, REDIRECT), method="post"),
    "accounts:second_factor": Row("/accounts/second-factor/", cells(LOGGED_IN, REDIRECT)),
    "accounts:home": Row("/accounts/home/", cells(LOGGED_IN, REDIRECT)),
}

"""Opening hours in the OpenStreetMap syntax used by the lieux de médiation numérique schema.

Only the subset that spaces use is accepted: ``Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00``.
"""

import datetime
import re
from dataclasses import dataclass

from dateutil.easter import easter
from django.utils.translation import gettext_lazy as _

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES = {
    "Mo": _("lundi"),
    "Tu": _("mardi"),
    "We": _("mercredi"),
    "Th": _("jeudi"),
    "Fr": _("vendredi"),
    "Sa": _("samedi"),
    "Su": _("dimanche"),
}
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS = rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"
_RANGE = rf"{_TIME}-{_TIME}"
RULE = re.compile(rf"^({_DAYS}) ({_RANGE}(?:,{_RANGE})*)$")


def parse_opening_hours(text: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Returns ``[(day codes, [(opens, closes), ...]), ...]``; raises ValueError on bad syntax."""
    rules = []
    for part in filter(None, (chunk.strip() for chunk in text.split(";"))):
        match = RULE.match(part)
        if not match:
            raise ValueError(part)
        rules.append((_expand_days(match.group(1)), _time_ranges(match.group(2))))
    return rules


def _expand_days(days: str) -> list[str]:
    codes = []
    for chunk in days.split(","):
        first, _sep, last = chunk.partition("-")
        start = DAY_CODES.index(first)
        end = DAY_CODES.index(last or first)
        codes.extend(DAY_CODES[start : end + 1])
    return codes


def _time_ranges(ranges: str) -> list[tuple[str, str]]:
    result = []
    for chunk in ranges.split(","):
        opens, closes = chunk.split("-")
        if closes <= opens:
            raise ValueError(chunk)
        result.append((opens, closes))
    return result


def spoken_time(time: str) -> str:
    """``09:00`` → ``9 h``, ``14:30`` → ``14 h 30``: how French speakers say it."""
    hours, minutes = time.split(":")
    return f"{int(hours)} h" if minutes == "00" else f"{int(hours)} h {minutes}"


def describe_opening_hours(text: str) -> list[dict]:
    """One entry per open day, in plain words, for the public directory."""
    by_day = {}
    for days, ranges in parse_opening_hours(text):
        for day in days:
            by_day[day] = ranges
    return [
        {
            "day": DAY_NAMES[day],
            "ranges": [
                f"{spoken_time(opens)} – {spoken_time(closes)}" for opens, closes in by_day[day]
            ],
        }
        for day in DAY_CODES
        if day in by_day
    ]


# Closed days and « open now » -----------------------------------------------------------------

# Good Friday and Saint Stephen's Day are public holidays in Alsace and Moselle only (local law
# of 1 June 1924, Code du travail art. L3134-13).
ALSACE_MOSELLE = {"57", "67", "68"}


def public_holidays(year: int, *, department: str = "") -> dict[datetime.date, str]:
    """French public holidays (Code du travail art. L3133-1), with Alsace-Moselle's two more.
    Overseas abolition-of-slavery days are left to each space's closures."""
    easter_sunday = easter(year)
    days = {
        datetime.date(year, 1, 1): _("jour de l'An"),
        easter_sunday + datetime.timedelta(days=1): _("lundi de Pâques"),
        datetime.date(year, 5, 1): _("fête du Travail"),
        datetime.date(year, 5, 8): _("Victoire 1945"),
        easter_sunday + datetime.timedelta(days=39): _("Ascension"),
        easter_sunday + datetime.timedelta(days=50): _("lundi de Pentecôte"),
        datetime.date(year, 7, 14): _("fête nationale"),
        datetime.date(year, 8, 15): _("Assomption"),
        datetime.date(year, 11, 1): _("Toussaint"),
        datetime.date(year, 11, 11): _("Armistice 1918"),
        datetime.date(year, 12, 25): _("Noël"),
    }
    if department in ALSACE_MOSELLE:
        days[easter_sunday - datetime.timedelta(days=2)] = _("Vendredi saint")
        days[datetime.date(year, 12, 26)] = _("Saint-Étienne")
    return days


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    # While open: until when today (« 18 h »). While closed: why today (a holiday, a closure),
    # and when it opens next (« mardi à 9 h »), within two weeks.
    closes_at: str = ""
    reason: str = ""
    next_opening: str = ""


def _ranges_by_weekday(text: str) -> dict[int, list[tuple[str, str]]]:
    by_day: dict[int, list[tuple[str, str]]] = {}
    for days, ranges in parse_opening_hours(text):
        for day in days:
            by_day[DAY_CODES.index(day)] = ranges
    return by_day


def opening_status(
    text: str, *, now: datetime.datetime, closed_on: dict[datetime.date, str]
) -> OpeningStatus:
    """Whether a place with these weekly hours is open at ``now`` (local time), given the days
    it is closed (``closed_on``: date → reason)."""
    try:
        by_day = _ranges_by_weekday(text) if text else {}
    except ValueError:
        # Hours saved before they were checked: say nothing rather than fail the page.
        by_day = {}
    today, time = now.date(), now.strftime("%H:%M")
    if today not in closed_on:
        for opens, closes in by_day.get(today.weekday(), []):
            if opens <= time < closes:
                return OpeningStatus(True, closes_at=spoken_time(closes))
    next_opening = ""
    for offset in range(15):
        day = today + datetime.timedelta(days=offset)
        if day in closed_on:
            continue
        later = [
            opens for opens, _closes in by_day.get(day.weekday(), []) if offset or opens > time
        ]
        if later:
            when = (
                _("aujourd'hui")
                if offset == 0
                else (_("demain") if offset == 1 else DAY_NAMES[DAY_CODES[day.weekday()]])
            )
            next_opening = _("%(day)s à %(time)s") % {"day": when, "time": spoken_time(later[0])}
            break
    return OpeningStatus(False, reason=closed_on.get(today, ""), next_opening=next_opening)

"""Opening hours in the OpenStreetMap syntax used by the lieux de médiation numérique schema.

Only the subset that spaces use is accepted: ``Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00``.
"""

import re

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

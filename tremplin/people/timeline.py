"""The person's timeline: one small interface through which every app adds its entries.

An app registers a source of rows in its ``AppConfig.ready()``::

    from tremplin.people import timeline

    def diagnostic_entry(session, person, user):
        return timeline.Entry(at=session.finished_at, kind="diagnostic", title=..., url=...)

    timeline.register_source(timeline.Source(
        "diagnostic",
        rows=lambda person, user: person.diagnostic_sessions.finished(),
        fields=("pk", "finished_at", "profile", "previous_id"),
        entry=diagnostic_entry,
    ))

``rows`` receives the person and the user looking (already allowed to see the person) and returns
a queryset, or None when there is nothing to read. The rows of every source are read in one
``UNION ALL`` query, each row as a JSON object of its ``fields`` (paths such as
``"session__space__name"`` follow foreign keys), so the person's page costs one query for its
whole timeline, whatever the number of apps and rows. ``entry`` receives an unsaved instance of
the rows' model holding those fields (related objects too), so model helpers such as
``get_kind_display()`` or ``get_absolute_url()`` work on it (any other field is left at its
default and must not be read), with the person and the user.

An entry that needs no query (the first intake) comes from a plain provider,
``register(provider)``: a function of the person and the user that returns a list of ``Entry``.
The people app never imports the apps that feed it.

Apps may also offer buttons on the person's page (« Noter une aide », « Lancer un
diagnostic »…) with ``register_actions(provider)``: the provider receives the same arguments and
returns a list of ``Action``.
"""

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, models
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    kind: str  # "intake", "consent", "diagnostic", "accompaniment", "learning", "booking"…
    title: str | Promise
    detail: str = ""
    url: str = ""
    icon: str = "journal"  # a symbol of static/img/icons.svg


@dataclass(frozen=True)
class Action:
    label: str | Promise
    url: str
    icon: str = "plus"


@dataclass(frozen=True)
class Source:
    """Rows of one model about the person, each giving one entry."""

    name: str
    rows: Callable[..., models.QuerySet | None]  # (person, user) -> the rows, or None
    fields: tuple[str, ...]  # what ``entry`` reads: "pk", "happened_on", "session__title"…
    entry: Callable[..., Entry]  # (unsaved instance holding ``fields``, person, user) -> Entry


Provider = Callable[..., list[Entry]]
ActionProvider = Callable[..., list[Action]]
_providers: list[Provider] = []
_sources: dict[str, Source] = {}
_action_providers: list[ActionProvider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_source(source: Source) -> Source:
    _sources[source.name] = source
    return source


def entries_for(person, user) -> list[Entry]:
    """Every entry about the person, newest first."""
    entries = [entry for provider in _providers for entry in provider(person, user)]
    entries += _entries_from_sources(person, user)
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _entries_from_sources(person, user) -> list[Entry]:
    branches, readers = [], {}
    for source in _sources.values():
        rows = source.rows(person, user)
        if rows is None:
            continue
        fields = {path: _field(rows.model, path) for path in source.fields}
        readers[source.name] = (source, rows.model, fields)
        values = JSONObject(
            **{path: _as_json(path, field, rows.db) for path, field in fields.items()}
        )
        branch = rows.order_by().annotate(
            timeline_source=models.Value(source.name), timeline_values=values
        )
        branches.append(branch.values_list("timeline_source", "timeline_values"))
    if not branches:
        return []
    query = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    entries = []
    for name, values in query:
        source, model, fields = readers[name]
        entries.append(source.entry(_instance(model, fields, values), person, user))
    return entries


def _field(model, path: str) -> models.Field:
    """The model field at the end of ``path`` ("session__space__name": Space.name)."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _as_json(path: str, field: models.Field, using: str):
    if isinstance(field, models.JSONField) and connections[using].vendor == "sqlite":
        # SQLite keeps JSON as text: json() makes json_object() nest it as JSON, not a string.
        return models.Func(models.F(path), function="JSON", output_field=field)
    return models.F(path)


def _instance(model, fields: dict, values: dict):
    """An unsaved ``model`` holding the values read, related objects included."""
    instance = model()
    for path, field in fields.items():
        *relations, name = path.split("__")
        target = instance
        for relation in relations:
            target = _related(target, relation)
        setattr(target, "pk" if name == "pk" else field.attname, _python(field, values[path]))
    # A relation whose values are all missing is no object (a null key: a journal entry by
    # Tremplin itself has no actor).
    for relation in {path.split("__")[0] for path in fields if "__" in path}:
        if all(values[path] is None for path in fields if path.startswith(relation + "__")):
            instance._meta.get_field(relation).set_cached_value(instance, None)
    return instance


def at_noon(day: datetime.date) -> datetime.datetime:
    """Where a row dated by day only (a help given, a cohort joined) sits among timed entries."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _related(instance, relation: str):
    field = instance._meta.get_field(relation)
    if not field.is_cached(instance):
        field.set_cached_value(instance, field.related_model())
    return field.get_cached_value(instance)


def _python(field: models.Field, value):
    """A value as the JSON object holds it (dates as text on both databases), as Python."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment
    if isinstance(field, models.DateField):
        return parse_date(value)
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(str(value))
    return value


def register_actions(provider: ActionProvider) -> ActionProvider:
    if provider not in _action_providers:
        _action_providers.append(provider)
    return provider


def actions_for(person, user) -> list[Action]:
    """The buttons other apps offer on the person's page, in registration order."""
    return [action for provider in _action_providers for action in provider(person, user)]

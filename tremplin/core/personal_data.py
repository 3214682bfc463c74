"""The personal-data contract: how export and erasure treat each field of a model about a person.

A model that holds data about a person declares it in one class attribute (decision 0007)::

    PERSONAL_DATA = PersonalData(
        person="person",            # lookup from a row to its Person ("session__person", ...)
        erase={"note": BLANK},      # what erasure removes, and how
        keep=["kind", "themes"],    # what an erased record keeps for anonymous statistics
        secret=["code_hash"],       # left out of the export (credentials, even hashed)
    )

Every concrete field but the primary key is either erased or kept, never both, so a field added
later fails the consistency test (``core/tests/test_personal_data.py``) until someone decides.
The export (GDPR art. 15) holds every field but the secrets; erasure (art. 17), the withdrawal of
consent (art. 7.3) and the anonymisation of inactive people (art. 5.1.e) apply ``erase`` to the
person's rows and leave ``keep`` as it is. The people services find the declaring models through
``apps.get_models()``: no app registers anything.

A model of ours that an automatic check could mistake for one about a person (a workshop's
title, a room) says so with its reason: ``PERSONAL_DATA = NotPersonal("titles and rooms of
workshops")``. It may not point at a person or at a model that declares personal data.

Ways to erase, each one ``UPDATE`` over all the person's rows of a table:

- ``BLANK``: the field's empty value (NULL when nullable, otherwise its default: ``""``, ``[]``,
  ``False``);
- ``DECADE``: a year rounded down to its decade (1978 becomes 1970);
- ``replace_with(value)``: a fixed value (the « Personne effacée » shown in place of a name).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Mod


@dataclass(frozen=True)
class Erasure:
    how: str
    value: object = None


BLANK = Erasure("blank")
DECADE = Erasure("decade")


def replace_with(value) -> Erasure:
    return Erasure("replace", value)


@dataclass(frozen=True)
class PersonalData:
    """What a model holds about a person, field by field (see the module docstring)."""

    person: str
    erase: Mapping[str, Erasure] = field(default_factory=dict)
    keep: Iterable[str] = ()
    secret: Iterable[str] = ()

    def rows_of(self, model: type[models.Model], person_pk: int) -> models.QuerySet:
        """Every row of ``model`` about the person, whatever its state (base manager)."""
        return model._base_manager.filter(**{self.person: person_pk}).order_by("pk")

    def erasure_values(self, model: type[models.Model]) -> dict:
        """Keyword arguments for ``QuerySet.update`` that erase the declared fields."""
        values = {}
        for name, erasure in self.erase.items():
            model_field = model._meta.get_field(name)
            if erasure.how == "blank":
                values[model_field.attname] = (
                    None if model_field.null else model_field.get_default()
                )
            elif erasure.how == "decade":
                values[name] = models.F(name) - Mod(models.F(name), 10)
            elif erasure.how == "replace":
                values[name] = erasure.value
            else:
                raise ValueError(f"{model._meta.label}.{name}: unknown erasure {erasure.how!r}")
        return values

    def erase_rows(self, model: type[models.Model], person_pk: int) -> int:
        """Applies ``erase`` to the person's rows of ``model``; returns how many rows."""
        values = self.erasure_values(model)
        return self.rows_of(model, person_pk).update(**values) if values else 0

    def export_row(self, instance: models.Model) -> dict:
        """The row as the export shows it: every concrete field but the secrets."""
        secret = set(self.secret)
        return {
            model_field.attname: model_field.value_from_object(instance)
            for model_field in instance._meta.concrete_fields
            if model_field.name not in secret
        }

    def problems(self, model: type[models.Model]) -> list[str]:
        """What is wrong with this declaration for ``model`` (empty when it is complete)."""
        label = model._meta.label
        names = {f.name for f in model._meta.concrete_fields if not f.primary_key}
        erased, kept, secret = set(self.erase), set(self.keep), set(self.secret)
        problems = [
            f"{label}.{name}: neither erased nor kept" for name in sorted(names - erased - kept)
        ]
        problems += [f"{label}.{name}: both erased and kept" for name in sorted(erased & kept)]
        problems += [
            f"{label}.{name}: declared but not a field"
            for name in sorted((erased | kept | secret) - names)
        ]
        problems += [
            f"{label}.{name}: unknown erasure {erasure!r}"
            for name, erasure in self.erase.items()
            if not isinstance(erasure, Erasure) or erasure.how not in {"blank", "decade", "replace"}
        ]
        for name, erasure in self.erase.items():
            if name in names and erasure == BLANK:
                model_field = model._meta.get_field(name)
                if not model_field.null and model_field.get_default() is None:
                    problems.append(f"{label}.{name}: blank but neither nullable nor defaulted")
        if not _leads_to_person(model, self.person):
            problems.append(f"{label}: person={self.person!r} does not lead to people.Person")
        return problems


@dataclass(frozen=True)
class NotPersonal:
    """A model that holds nothing about the people we help, and why (see the module docstring)."""

    reason: str


def _leads_to_person(model: type[models.Model], path: str) -> bool:
    current = model
    for part in path.split("__"):
        if part == "pk":
            return current._meta.label == "people.Person"
        try:
            step = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not step.is_relation:
            return False
        current = step.related_model
    return current._meta.label == "people.Person"


def contract_of(model: type[models.Model]) -> PersonalData | None:
    contract = model.__dict__.get("PERSONAL_DATA")
    return contract if isinstance(contract, PersonalData) else None

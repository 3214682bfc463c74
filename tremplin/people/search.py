"""Finding a person: by name (accents, case and one typo forgiven) or by phone, in the user's
scope only. PostgreSQL ranks with pg_trgm; SQLite compares in Python with the same tolerance
(docs/decisions/0002-person-search.md)."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q

from tremplin.core.text import fold_name
from tremplin.people.models import Person
from tremplin.people.phones import looks_like_phone, normalise_phone

TRIGRAM_THRESHOLD = 0.45


def within_one_edit(word: str, candidate: str) -> bool:
    """True when ``candidate`` equals ``word`` give or take one insertion, deletion,
    substitution or swap of two neighbouring letters (Damerau–Levenshtein distance ≤ 1)."""
    if word == candidate:
        return True
    length, other = len(word), len(candidate)
    if abs(length - other) > 1:
        return False
    if length == other:
        differences = [i for i in range(length) if word[i] != candidate[i]]
        if len(differences) == 1:
            return True
        if len(differences) == 2:
            first, second = differences
            return second == first + 1 and (word[first], word[second]) == (
                candidate[second],
                candidate[first],
            )
        return False
    shorter, longer = (word, candidate) if length < other else (candidate, word)
    for index in range(len(longer)):
        if longer[:index] + longer[index + 1 :] == shorter:
            return True
    return False


def word_matches(word: str, name_words: list[str]) -> bool:
    """A typed word matches a name when it starts one of its words, or is one edit away from one
    (only for words of four letters or more, so that « li » does not find « le »)."""
    for name_word in name_words:
        if name_word.startswith(word):
            return True
        if len(word) >= 4 and within_one_edit(word, name_word):
            return True
    return False


def name_score(query: str, search_name: str) -> float:
    """0 when some typed word does not match; otherwise higher for closer names."""
    words, name_words = query.split(), search_name.split()
    if not words or not all(word_matches(word, name_words) for word in words):
        return 0.0
    exact = sum(word in name_words for word in words)
    return 1.0 + exact / len(words)


def search_people(user, query: str):
    """The active people visible to ``user`` that match ``query``, best first.

    Returns a QuerySet on PostgreSQL and a list on SQLite; both paginate the same way.
    """
    people = Person.objects.visible_to(user).active().select_related("home_space")
    query = query.strip()
    if not query:
        return people.none()
    if looks_like_phone(query):
        try:
            phone = normalise_phone(query)
        except ValidationError:
            return people.none()
        return people.filter(phone=phone)
    normalised = fold_name(query)
    if not normalised:
        return people.none()
    if connection.vendor == "postgresql":
        return _search_with_trigrams(people, normalised)
    return _search_in_python(people, normalised)


def _search_with_trigrams(people, normalised: str):
    from django.contrib.postgres.search import TrigramWordSimilarity

    return (
        people.annotate(similarity=TrigramWordSimilarity(normalised, "search_name"))
        .filter(Q(search_name__contains=normalised) | Q(similarity__gte=TRIGRAM_THRESHOLD))
        .order_by("-similarity", "search_name", "pk")
    )


def _search_in_python(people, normalised: str) -> list[Person]:
    candidates = people.values_list("pk", "search_name")
    scored = [
        (score, search_name, pk)
        for pk, search_name in candidates
        if (score := name_score(normalised, search_name)) > 0
    ]
    scored.sort(key=lambda row: (-row[0], row[1], row[2]))
    order = [pk for _score, _name, pk in scored]
    found = people.in_bulk(order)
    return [found[pk] for pk in order]


def find_duplicates(user, *, first_name: str, last_name: str, birth_year, phone: str):
    """People in the user's scope who may be the same person: same normalised name and birth
    year, or same phone number."""
    people = Person.objects.visible_to(user).active().select_related("home_space")
    search_name = fold_name(f"{first_name} {last_name}")
    same = Q(search_name=search_name, birth_year=birth_year)
    if phone:
        same |= Q(phone=phone)
    return list(people.filter(same).order_by("search_name", "pk")[:10])

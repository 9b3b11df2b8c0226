"""Colleagues found by name: the type-ahead's suggestions, a name typed in a form resolved to
one person (or a clear list of those it could be), and @mentions resolved to people.

Matching ignores case and accents on both databases: the columns are folded in SQL
(`Fold`: `lower` then `translate` on PostgreSQL, `replace` calls on SQLite) and the words typed
in Python with the same table (`fold`), so "pierre dub" finds "Pierre Dubois" and "helene"
finds "Hélène".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext, ngettext

from accounts.models import User
from intrasphere.mentions import MAX_NOTIFIED, mention_candidates, mentioned_usernames

SUGGESTION_LIMIT = 8  # what the type-ahead shows, and the choices listed when a name is ambiguous
MAX_WORDS = 4
MAX_WORD_LENGTH = 50
MAX_QUERY_LENGTH = 150

_ONE_TO_ONE = {
    "a": "àáâãäåāăą",
    "c": "çćĉċč",
    "d": "ďđ",
    "e": "èéêëēĕėęě",
    "g": "ĝğġģ",
    "i": "ìíîïĩīĭįı",
    "l": "ĺļľŀł",
    "n": "ñńņňŉ",
    "o": "òóôõöøōŏő",
    "r": "ŕŗř",
    "s": "śŝşšș",
    "t": "ţťŧț",
    "u": "ùúûüũūŭůűų",
    "y": "ýÿŷ",
    "z": "źżž",
}
_MANY = {"œ": "oe", "æ": "ae", "ß": "ss"}
FOLD_TABLE: dict[str, str] = {
    accented: plain for plain, letters in _ONE_TO_ONE.items() for accented in letters
} | _MANY


def fold(text: str) -> str:
    """Lower case without accents: "Hélène Œuvray" → "helene oeuvray" (as `Fold` in SQL)."""
    return "".join(FOLD_TABLE.get(char, char) for char in (text or "").lower())


class Fold(Func):
    """A column folded like `fold`: lower case, accents replaced by their letter."""

    def __init__(self, expression, **extra):
        super().__init__(Lower(expression), output_field=CharField(), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        sources = "".join(FOLD_TABLE_ONE)
        targets = "".join(FOLD_TABLE_ONE.values())
        sql, params = compiler.compile(self.source_expressions[0])
        sql = f"translate({sql}, %s, %s)"
        params = [*params, sources, targets]
        for accented, plain in _MANY.items():
            sql = f"replace({sql}, %s, %s)"
            params += [accented, plain]
        return sql, params

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's lower() folds only ASCII: the folding is `fold` itself, registered on the
        # connection (the same function, so SQL and Python agree).
        connection.ensure_connection()
        connection.connection.create_function("portal_fold", 1, fold, deterministic=True)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"portal_fold({sql})", params


FOLD_TABLE_ONE = {accented: plain for accented, plain in FOLD_TABLE.items() if len(plain) == 1}


def _words(query: str) -> list[str]:
    return [word[:MAX_WORD_LENGTH] for word in fold(query[:MAX_QUERY_LENGTH]).split()][:MAX_WORDS]


def _folded(people: QuerySet[User]) -> QuerySet[User]:
    return people.annotate(
        folded_first=Fold("first_name"),
        folded_last=Fold("last_name"),
        folded_display=Fold("display_name"),
    )


def people_suggest(
    *, query: str, people: QuerySet[User] | None = None, limit: int = SUGGESTION_LIMIT
) -> list[User]:
    """Active colleagues whose first, last or display name or username contains every word of
    `query` (case and accents ignored): those with a name starting with the first word come
    first, then by name. At most `limit`; nobody for an empty query."""
    words = _words(query)
    if not words:
        return []
    people = _folded(User.objects.filter(is_active=True) if people is None else people)
    for word in words:
        people = people.filter(
            Q(folded_first__contains=word)
            | Q(folded_last__contains=word)
            | Q(folded_display__contains=word)
            | Q(username__icontains=word)
        )
    starts = (
        Q(folded_first__startswith=words[0])
        | Q(folded_last__startswith=words[0])
        | Q(folded_display__startswith=words[0])
        | Q(username__istartswith=words[0])
    )
    rank = Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField())
    people = people.filter(is_active=True, anonymised_at__isnull=True).annotate(rank=rank)
    return list(people.order_by("rank", "last_name", "first_name", "username")[:limit])


def _full_names(person: User) -> set[str]:
    names = {
        fold(f"{person.first_name} {person.last_name}"),
        fold(f"{person.last_name} {person.first_name}"),
        fold(person.display_name),
    }
    return {" ".join(name.split()) for name in names if name.strip()}


@dataclass
class PersonLookup:
    """What a name typed in a form designates: one `person`, or the `choices` it could be."""

    person: User | None = None
    choices: list[User] = field(default_factory=list)


def person_lookup(*, text: str, people: QuerySet[User] | None = None) -> PersonLookup:
    """The person `text` names among `people` (default: every account): an exact username
    (capitals ignored; an exact spelling wins; deactivated accounts too, so the form can say
    so), else an active colleague whose full name is `text`, else the only active colleague
    matching its words. Several: `choices` (at most `SUGGESTION_LIMIT`), nobody chosen."""
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if not text:
        return PersonLookup()
    people = User.objects.all() if people is None else people
    by_username = list(people.filter(username__iexact=text)[:2])
    exact = [person for person in by_username if person.username == text]
    if exact or len(by_username) == 1:
        return PersonLookup(person=(exact or by_username)[0])
    matches = people_suggest(query=text, people=people, limit=SUGGESTION_LIMIT + 1)
    named = [person for person in matches if fold(text) in _full_names(person)]
    if len(named) == 1:
        return PersonLookup(person=named[0])
    if len(matches) == 1:
        return PersonLookup(person=matches[0])
    return PersonLookup(choices=(named if len(named) > 1 else matches)[:SUGGESTION_LIMIT])


def mentions_resolve(candidates: Iterable[str]) -> dict[str, str]:
    """{candidate: username} for the mention readings (`intrasphere.mentions`) that name
    exactly one active colleague: a username (capitals ignored), or a full name ("Marie Martin",
    "Martin Marie" or the display name, case and accents ignored) of two words or more."""
    candidates = {candidate for candidate in candidates if candidate}
    if not candidates:
        return {}
    usernames = {candidate.lower(): candidate for candidate in candidates if " " not in candidate}
    names: dict[str, set[str]] = {}
    for candidate in candidates:
        if " " in candidate:
            names.setdefault(fold(candidate), set()).add(candidate)
    query = Q(username_lower__in=list(usernames)) if usernames else Q(pk__in=[])
    if names:
        folded = list(names)
        query |= (
            Q(folded_full__in=folded) | Q(folded_reversed__in=folded) | Q(folded_display__in=folded)
        )
    people = (
        _folded(User.objects.filter(is_active=True, anonymised_at__isnull=True))
        .annotate(
            username_lower=Lower("username"),
            folded_full=Concat(F("folded_first"), Value(" "), F("folded_last")),
            folded_reversed=Concat(F("folded_last"), Value(" "), F("folded_first")),
        )
        .filter(query)
        .only("username", "first_name", "last_name", "display_name")
    )
    found: dict[str, set[str]] = {}
    for person in people[: 4 * len(candidates) + 10]:
        if person.username.lower() in usernames:
            found.setdefault(usernames[person.username.lower()], set()).add(person.username)
        for name in _full_names(person) & set(names):
            for candidate in names[name]:
                found.setdefault(candidate, set()).add(person.username)
    return {name: next(iter(owners)) for name, owners in found.items() if len(owners) == 1}


def person_summary(person: User) -> dict[str, str]:
    """What the type-ahead shows of a colleague: what the directory already shows."""
    return {
        "username": person.username,
        "name": person.name,
        "department": person.department,
        "position": person.position,
        "url": person.get_absolute_url(),
    }


def suggestions_status(count: int) -> str:
    """What a screen reader hears when suggestions arrive (the type-ahead's live region)."""
    if not count:
        return gettext("No colleague matches.")
    return ngettext(
        "%(count)s colleague found: use the arrow keys to choose.",
        "%(count)s colleagues found: use the arrow keys to choose.",
        count,
    ) % {"count": count}


def mentioned_people(text: str, *, author: User) -> list[User]:
    """The active colleagues `text` @mentions (`mentions_resolve`), its author excluded, at
    most `MAX_NOTIFIED`: whom a mention notifies (the caller keeps those who may read it)."""
    names = mentioned_usernames(text, mentions_resolve(mention_candidates(text)))
    if not names:
        return []
    people = User.objects.filter(username__in=names, is_active=True, anonymised_at__isnull=True)
    return list(people.exclude(pk=author.pk).order_by("pk")[:MAX_NOTIFIED])

"""What a visitor types, turned into a search query that no backend can choke on.

One small syntax for the search page and the API's ``?search=``:

- words are searched for together (all must match; ``OR`` between words: any may match),
- ``"two words"`` in double quotes is a phrase,
- ``-word`` or ``NOT word`` leaves out what contains the word.

Everything else (brackets, ``*``, ``:``, ``!``, ``&``, stray quotes, control and NUL
characters) is punctuation and is dropped, so nothing a visitor types reaches the
database's own query syntax (FTS5 on SQLite, ``to_tsquery`` on PostgreSQL) and fails
there. A query is capped at ``MAX_QUERY_LENGTH`` characters and ``MAX_TERMS`` terms.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

# Long enough for any real search (a title pasted in whole), short enough that a
# query stays cheap to parse and to run.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 24

# Letters and digits in any script, joined by inner hyphens or apostrophes:
# "non-discrimination", "ODIHR’s", "CERV-2023".
WORD = re.compile(r"\w+(?:['’\-]\w+)*")
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
# Unicode's "other" categories: controls (NUL included), format characters such as
# zero-width spaces, surrogates, private-use and unassigned code points.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_query(raw):
    """``raw`` without invisible characters, whitespace collapsed, at most MAX_QUERY_LENGTH long.

    A query cut at the limit loses its last, partial word rather than searching for a
    fragment of it.
    """
    if not raw:
        return ""
    text = "".join(
        " " if unicodedata.category(char) in INVISIBLE_CATEGORIES else char
        for char in str(raw)[: MAX_QUERY_LENGTH * 4]
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return text.strip()


def words(text):
    """The searchable words of ``text``, punctuation dropped."""
    return WORD.findall(text or "")


@dataclass
class ParsedQuery:
    """The parts of a visitor's query: plain words, phrases, excluded words and the operator."""

    words: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    operator: str = "and"

    @property
    def highlight_terms(self):
        """The words a result is expected to contain, for highlighting excerpts."""
        terms = list(self.words)
        for phrase in self.phrases:
            terms.extend(phrase.split())
        return terms

    def as_search_query(self):
        """The query for Wagtail's search backends; None when nothing is left to search for."""
        positive = []
        if self.words:
            positive.append(PlainText(" ".join(self.words), operator=self.operator))
        positive.extend(Phrase(phrase) for phrase in self.phrases)
        if not positive:
            return None
        combine = Or if self.operator == "or" else And
        query = positive[0] if len(positive) == 1 else combine(positive)
        if self.excluded:
            query = And([query] + [Not(PlainText(word)) for word in self.excluded])
        return query


def parse_query(raw, operator=None):
    """Parse a visitor's query into a ParsedQuery (see the module docstring for the syntax)."""
    text = clean_query(raw)
    parsed = ParsedQuery(operator="or" if str(operator).lower() == "or" else "and")
    count = 0
    negate_next = False
    for match in TOKEN.finditer(text):
        phrase, token = match.groups()
        if phrase is not None:
            found = words(phrase)[: MAX_TERMS - count]
            if found:
                target = parsed.excluded if negate_next else None
                if target is not None:
                    target.extend(found)
                elif len(found) == 1:
                    parsed.words.append(found[0])
                else:
                    parsed.phrases.append(" ".join(found))
                count += len(found)
            negate_next = False
            continue
        if token in ("AND", "&&"):
            continue
        if token in ("OR", "||"):
            parsed.operator = "or"
            continue
        if token == "NOT":
            negate_next = True
            continue
        negate = negate_next or (token.startswith("-") and len(token) > 1)
        negate_next = False
        found = words(token)[: MAX_TERMS - count]
        count += len(found)
        (parsed.excluded if negate else parsed.words).extend(found)
        if count >= MAX_TERMS:
            break
    return parsed


def sanitize(query, operator=None):
    """A search query safe for every backend, or None when nothing is left to search for.

    Strings are parsed with ``parse_query``. Query objects built in code (Wagtail's
    admin builds them from what editors type) keep their structure, but their text is
    reduced to words, so a stray quote or NUL character cannot reach the database.
    """
    if isinstance(query, str):
        return parse_query(query, operator).as_search_query()
    if isinstance(query, PlainText):
        found = words(clean_query(query.query_string))[:MAX_TERMS]
        return PlainText(" ".join(found), operator=query.operator) if found else None
    if isinstance(query, Phrase):
        found = words(clean_query(query.query_string))[:MAX_TERMS]
        return Phrase(" ".join(found)) if found else None
    if isinstance(query, (And, Or)):
        parts = [part for part in (sanitize(sub) for sub in query.subqueries) if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = sanitize(query.subquery)
        return Not(inner) if inner is not None else None
    if isinstance(query, Boost):
        inner = sanitize(query.subquery)
        return Boost(inner, query.boost) if inner is not None else None
    if isinstance(query, SearchQuery):
        return query  # MatchAll, Fuzzy: nothing typed by a visitor reaches SQL verbatim
    return query

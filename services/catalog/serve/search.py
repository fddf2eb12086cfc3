"""Full-text search: a tokenizer and an inverted index with IDF ranking, typo tolerance and
synonyms.

Each career contributes several *entries* (its title, its alternate titles, their short
forms). A query is split into tokens; an entry's score is the IDF-weighted share of the
query tokens it contains, with a bonus when it says exactly what was asked. A career scores
its best entry plus a little for how many of its entries match (a career with four
"machine learning" titles is more about machine learning than one with a single one).
When some careers have a title holding every query token, only those are returned; else
those whose titles hold every token between them; otherwise the best partial matches are,
down to a floor (half the best score).

A word found in many names ("software" ends a third of all technology names) says little on
its own: a product name (a technology, or one a career lists) matched only by such generic
words is no result unless it is exactly what was asked. This keeps the result count honest.

A query word that no entry contains may be unfinished (the last word matches longer words it
starts with) or misspelt (it matches words one edit away, two for long words). Our own
synonym list (``synonyms.json``: "ml" -> "machine learning") adds a second reading of the
query; a document keeps the better score of the two, and when one reading matches some
documents completely, the other reading's partial matches are dropped ("ML engineer" finds
machine learning engineers, not every engineer).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_TOKEN = re.compile(r"[a-z0-9]+")
#: Words too common in titles to tell careers apart; dropped from index and queries alike.
STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"})
#: Weight of an exact-match entry over a partial one, and of breadth over the best entry.
EXACT_BONUS = 0.6
COVERAGE_BONUS = 0.5
#: Partial matches below this share of the best one are not results.
PARTIAL_FLOOR = 0.5
#: A word in more than this share of all documents (and in at least GENERIC_MIN_DOCS of
#: them) is generic: it alone does not make a product name a result.
GENERIC_SHARE = 0.12
GENERIC_MIN_DOCS = 100
BREADTH_WEIGHT = 0.15
BREADTH_FULL_WEIGHT = 0.9
#: The last query token also matches longer words it starts with ("engin" -> "engineer").
MIN_PREFIX = 3
MAX_PREFIX_EXPANSIONS = 50
#: Typo tolerance: words of at least this length match words one edit away ...
FUZZY_MIN_LENGTH = 4
#: ... and words at least this long, two edits away; a fuzzy match counts a little less.
FUZZY_TWO_EDITS_LENGTH = 8
FUZZY_PENALTY = 0.8
SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.json"


@cache
def synonyms() -> dict[str, str]:
    """Our own abbreviations and synonyms (lower-case key -> what it stands for)."""
    data: dict[str, str] = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["synonyms"]
    return {key.lower(): value for key, value in data.items()}


def expand_query(query: str) -> str | None:
    """The query with every word of the synonym list spelt out, or ``None`` if none is."""
    words = re.findall(r"\S+", query)
    table = synonyms()
    changed = False
    out = []
    for word in words:
        key = word.lower().strip(".,;:!?()")
        if key in table:
            out.append(table[key])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b`` (a swap of neighbours is one
    edit), or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def stem(token: str) -> str:
    """A light plural folding so that "scientists" and "scientist" meet."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased, accent-free, stemmed word tokens of ``text``, without stopwords."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [stem(t) for t in _TOKEN.findall(folded) if t not in STOPWORDS]


#: One searchable name of a document: text, weight, and whether it names a product.
Title = tuple[str, float] | tuple[str, float, bool]


@dataclass(frozen=True)
class Entry:
    """One searchable title of one career."""

    doc: int
    text: str
    weight: float
    tokens: frozenset[str]
    product: bool = False


@dataclass(frozen=True)
class Hit:
    """A career that matches a query: its position in the index, score and best title."""

    doc: int
    score: float
    matched: str


class SearchIndex:
    """An inverted index from tokens to title entries, with per-career document frequencies."""

    def __init__(self, documents: Sequence[Iterable[Title]]) -> None:
        """``documents[i]`` lists document ``i``'s names as ``(text, weight)`` pairs, or
        ``(text, weight, True)`` for the name of a product (see the generic words above)."""
        self.entries: list[Entry] = []
        postings: dict[str, list[int]] = defaultdict(list)
        doc_freq: dict[str, int] = defaultdict(int)
        for doc, titles in enumerate(documents):
            seen: set[str] = set()
            for text, weight, *product in titles:
                tokens = frozenset(tokenize(text))
                if not tokens:
                    continue
                entry_id = len(self.entries)
                self.entries.append(Entry(doc, text, weight, tokens, bool(product and product[0])))
                for token in tokens:
                    postings[token].append(entry_id)
                seen |= tokens
            for token in seen:
                doc_freq[token] += 1
        # a plain dict: lookups of unknown tokens must not insert (threads share the index)
        self.postings = dict(postings)
        self.size = len(documents)
        self.doc_freq = dict(doc_freq)
        self.vocabulary = sorted(self.postings)
        self.generic = frozenset(
            token
            for token, count in self.doc_freq.items()
            if count > GENERIC_SHARE * self.size and count >= GENERIC_MIN_DOCS
        )

    def idf(self, tokens: Iterable[str]) -> float:
        """Inverse document frequency of a token, or of a set of tokens taken as one."""
        docs = {self.entries[e].doc for t in tokens for e in self.postings.get(t, ())}
        return math.log(1 + self.size / len(docs)) if docs else 0.0

    def _slots(self, query: str) -> list[tuple[frozenset[str], float]]:
        """Each query token as the set of index tokens that satisfy it, with its weight."""
        tokens = list(dict.fromkeys(tokenize(query)))
        slots: list[tuple[frozenset[str], float]] = []
        for position, token in enumerate(tokens):
            accepted = {token} if token in self.postings else set()
            if position == len(tokens) - 1 and not accepted and len(token) >= MIN_PREFIX:
                accepted = set(self._prefixed(token))
            fuzzy = not accepted and len(token) >= FUZZY_MIN_LENGTH
            if fuzzy:
                accepted = set(self._near(token))
            weight = self.idf(accepted) if accepted else math.log(1 + self.size)
            slots.append((frozenset(accepted), weight * (FUZZY_PENALTY if fuzzy else 1.0)))
        return slots

    def _near(self, token: str) -> list[str]:
        limit = 2 if len(token) >= FUZZY_TWO_EDITS_LENGTH else 1
        by_distance = sorted(
            (distance, word)
            for word in self.vocabulary
            if abs(len(word) - len(token)) <= limit
            and (distance := edit_distance(token, word, limit)) <= limit
        )
        best = by_distance[0][0] if by_distance else 0
        return [word for distance, word in by_distance if distance == best]

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect_left(self.vocabulary, prefix)
        found: list[str] = []
        for token in self.vocabulary[start:]:
            if not token.startswith(prefix) or len(found) >= MAX_PREFIX_EXPANSIONS:
                break
            found.append(token)
        return found

    def search(self, query: str) -> list[Hit]:
        """The documents matching ``query`` or its reading with synonyms spelt out, best
        first (ties by position in the index), above the relevance floor."""
        readings = [self._search(query)]
        expanded = expand_query(query)
        if expanded is not None:
            readings.append(self._search(expanded))
        complete = any(full for _, full in readings)
        hits: dict[int, Hit] = {}
        for found, full in readings:
            if complete and not full:
                continue
            for hit in found:
                if hit.doc not in hits or hit.score > hits[hit.doc].score:
                    hits[hit.doc] = hit
        ranked = sorted(hits.values(), key=lambda hit: (-hit.score, hit.doc))
        if ranked and not complete:
            floor = PARTIAL_FLOOR * ranked[0].score
            ranked = [hit for hit in ranked if hit.score >= floor]
        return ranked

    def _search(self, query: str) -> tuple[list[Hit], bool]:
        """Hits of one reading of the query, and whether they match every query token."""
        slots = self._slots(query)
        total = sum(weight for _, weight in slots)
        if not slots or total <= 0:
            return [], False
        everything = (1 << len(slots)) - 1
        matched: dict[int, int] = defaultdict(int)
        for bit, (accepted, _) in enumerate(slots):
            for token in accepted:
                for entry_id in self.postings[token]:
                    matched[entry_id] |= 1 << bit

        exact_tokens = {next(iter(a)) for a, _ in slots if len(a) == 1}
        asked = frozenset().union(*(accepted for accepted, _ in slots))
        best: dict[int, tuple[float, str]] = {}
        covered: dict[int, int] = defaultdict(int)
        whole: set[int] = set()  # documents with one name that holds every query token
        per_slot: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(slots))
        for entry_id, mask in matched.items():
            entry = self.entries[entry_id]
            share = sum(w for bit, (_, w) in enumerate(slots) if mask >> bit & 1) / total
            # an entry that says all that was asked, and little else, ranks above a longer one
            coverage = (
                len(entry.tokens & exact_tokens) / len(entry.tokens) if mask == everything else 0.0
            )
            exact = mask == everything and entry.tokens == exact_tokens
            if entry.product and not exact and entry.tokens & asked <= self.generic:
                continue
            bonus = EXACT_BONUS if exact else COVERAGE_BONUS * coverage
            score = entry.weight * (share + bonus)
            if entry.doc not in best or score > best[entry.doc][0]:
                best[entry.doc] = (score, entry.text)
            covered[entry.doc] |= mask
            if mask == everything:
                whole.add(entry.doc)
            counts = per_slot[entry.doc]
            for bit in range(len(slots)):
                # breadth counts titles fully and lighter entries (listed tools) by weight
                counts[bit] += (mask >> bit & 1) * min(1.0, entry.weight / BREADTH_FULL_WEIGHT)

        # one name that says it all beats several names that say it between them
        complete = sorted(whole) or [doc for doc, mask in covered.items() if mask == everything]
        candidates = complete or list(best)
        saturation = total * math.log1p(20)
        hits = []
        for doc in candidates:
            breadth = sum(w * math.log1p(n) for (_, w), n in zip(slots, per_slot[doc], strict=True))
            score = best[doc][0] + BREADTH_WEIGHT * min(1.0, breadth / saturation)
            hits.append(Hit(doc, round(score, 4), best[doc][1]))
        hits.sort(key=lambda hit: (-hit.score, hit.doc))
        return hits, bool(complete)

"""Full-text search over career titles: a tokenizer and an inverted index with IDF ranking.

Each career contributes several *entries* (its title, its alternate titles, their short
forms). A query is split into tokens; an entry's score is the IDF-weighted share of the
query tokens it contains, with a bonus when it says exactly what was asked. A career scores
its best entry plus a little for how many of its entries match (a career with four
"machine learning" titles is more about machine learning than one with a single one).
When some careers match every query token, only those are returned; otherwise the best
partial matches are.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+")
#: Words too common in titles to tell careers apart; dropped from index and queries alike.
STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"})
#: Weight of an exact-match entry over a partial one, and of breadth over the best entry.
EXACT_BONUS = 0.25
BREADTH_WEIGHT = 0.15
#: The last query token also matches longer words it starts with ("engin" -> "engineer").
MIN_PREFIX = 3
MAX_PREFIX_EXPANSIONS = 50


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


@dataclass(frozen=True)
class Entry:
    """One searchable title of one career."""

    doc: int
    text: str
    weight: float
    tokens: frozenset[str]


@dataclass(frozen=True)
class Hit:
    """A career that matches a query: its position in the index, score and best title."""

    doc: int
    score: float
    matched: str


class SearchIndex:
    """An inverted index from tokens to title entries, with per-career document frequencies."""

    def __init__(self, documents: Sequence[Iterable[tuple[str, float]]]) -> None:
        """``documents[i]`` lists career ``i``'s titles as ``(text, weight)`` pairs."""
        self.entries: list[Entry] = []
        postings: dict[str, list[int]] = defaultdict(list)
        doc_freq: dict[str, int] = defaultdict(int)
        for doc, titles in enumerate(documents):
            seen: set[str] = set()
            for text, weight in titles:
                tokens = frozenset(tokenize(text))
                if not tokens:
                    continue
                entry_id = len(self.entries)
                self.entries.append(Entry(doc, text, weight, tokens))
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
            weight = self.idf(accepted) if accepted else math.log(1 + self.size)
            slots.append((frozenset(accepted), weight))
        return slots

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect_left(self.vocabulary, prefix)
        found: list[str] = []
        for token in self.vocabulary[start:]:
            if not token.startswith(prefix) or len(found) >= MAX_PREFIX_EXPANSIONS:
                break
            found.append(token)
        return found

    def search(self, query: str) -> list[Hit]:
        """The careers matching ``query``, best first (ties by position in the index)."""
        slots = self._slots(query)
        total = sum(weight for _, weight in slots)
        if not slots or total <= 0:
            return []
        everything = (1 << len(slots)) - 1
        matched: dict[int, int] = defaultdict(int)
        for bit, (accepted, _) in enumerate(slots):
            for token in accepted:
                for entry_id in self.postings[token]:
                    matched[entry_id] |= 1 << bit

        exact_tokens = {next(iter(a)) for a, _ in slots if len(a) == 1}
        best: dict[int, tuple[float, str]] = {}
        covered: dict[int, int] = defaultdict(int)
        per_slot: dict[int, list[int]] = defaultdict(lambda: [0] * len(slots))
        for entry_id, mask in matched.items():
            entry = self.entries[entry_id]
            share = sum(w for bit, (_, w) in enumerate(slots) if mask >> bit & 1) / total
            exact = mask == everything and entry.tokens == exact_tokens
            score = entry.weight * (share + (EXACT_BONUS if exact else 0.0))
            if entry.doc not in best or score > best[entry.doc][0]:
                best[entry.doc] = (score, entry.text)
            covered[entry.doc] |= mask
            counts = per_slot[entry.doc]
            for bit in range(len(slots)):
                counts[bit] += mask >> bit & 1

        complete = [doc for doc, mask in covered.items() if mask == everything]
        candidates = complete or list(best)
        saturation = total * math.log1p(20)
        hits = []
        for doc in candidates:
            breadth = sum(w * math.log1p(n) for (_, w), n in zip(slots, per_slot[doc], strict=True))
            score = best[doc][0] + BREADTH_WEIGHT * min(1.0, breadth / saturation)
            hits.append(Hit(doc, round(score, 4), best[doc][1]))
        hits.sort(key=lambda hit: (-hit.score, hit.doc))
        return hits

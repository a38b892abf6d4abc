"""'Did you mean …?': the known names closest to a misspelt one, for every dialect and the project file.

One engine, built on :mod:`difflib`, with a bounded cost per unknown word so that a file of
thousands of unknown names costs thousands of small look-ups, never thousands of full scans:

- a case-only difference wins outright (vsftpd and Debian's pure-ftpd conf directory are
  case-sensitive, so ``Listen=YES`` is unknown but plainly meant ``listen``);
- otherwise names are scored case-folded (a typo is independent of the case it was typed in);
  a case-insensitive daemon (proftpd, pure-ftpd.conf) simply never asks about a case-only variant;
- candidates are filtered cheaply first: by length (what ``real_quick_ratio`` measures), then by
  shared letters (what ``quick_ratio`` measures, computed as one ``&`` of two bit masks instead
  of difflib's per-character loop), and only the best ``max_compared`` of those get the full
  ``ratio()``;
- answers are cached per word (in a bounded LRU, so a long-lived process cannot grow with input).

Ranking: the highest ratio first, ties in alphabetical order (stable whatever the catalogue
order); only names nearly as good as the best are kept, so a clear winner stands alone — which
is what lets callers offer a rename fix when there is exactly one suggestion.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher


class Suggester:
    """Suggestions from one fixed vocabulary of names (build one per vocabulary and keep it)."""

    def __init__(
        self,
        names: Iterable[str],
        *,
        cutoff: float = 0.6,
        limit: int = 3,
        band: float = 0.06,
        max_compared: int = 20,
        cache_size: int = 4096,
    ) -> None:
        """``cutoff``: the lowest ``ratio()`` worth suggesting; ``limit``: at most this many names;
        ``band``: keep names within this of the best score; ``max_compared``: full ``ratio()`` calls per word."""
        self.cutoff = cutoff
        self.limit = limit
        self.band = band
        self.max_compared = max_compared
        self._by_fold: dict[str, list[str]] = defaultdict(list)  # folded -> names as spelt (sorted)
        for name in sorted(set(names)):
            self._by_fold[name.lower()].append(name)
        self._bits: dict[tuple[str, int], int] = {}  # (character, its n-th occurrence) -> bit
        self._by_length: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for folded in self._by_fold:  # length -> (letter mask, folded name)
            for key in letter_bag(folded):
                self._bits.setdefault(key, 1 << len(self._bits))
            self._by_length[len(folded)].append((self._mask(folded), folded))
        self._cached = functools.lru_cache(maxsize=cache_size)(self._suggest)

    def suggest(self, word: str) -> tuple[str, ...]:
        """The names ``word`` most likely misspells, best first; empty when nothing is close."""
        return self._cached(word)

    def case_only(self, word: str) -> str | None:
        """The name that differs from ``word`` only in case (``None`` if none does, or ``word`` is that name)."""
        spelt = self._by_fold.get(word.lower(), [])
        return spelt[0] if spelt and word not in spelt else None

    def _matches_needed(self, total: int) -> int:
        """The fewest shared characters for which difflib's ``2.0 * matches / total`` reaches the cutoff."""
        need = math.ceil(self.cutoff * total / 2)
        while need > 0 and 2.0 * (need - 1) / total >= self.cutoff:
            need -= 1
        while need <= total and 2.0 * need / total < self.cutoff:
            need += 1
        return need

    def _mask(self, text: str) -> int:
        """``text``'s letter bag as bits: ``(a & b).bit_count()`` is the characters two texts share, with repeats."""
        return sum(self._bits.get(key, 0) for key in letter_bag(text))

    def _suggest(self, word: str) -> tuple[str, ...]:
        folded = word.lower()
        if folded in self._by_fold:  # equal up to case (or equal once the caller normalised it): nothing is closer
            return tuple(sorted(self._by_fold[folded], key=lambda name: name != word))[: self.limit]
        if not folded:
            return ()
        mask = self._mask(folded)
        plausible: list[tuple[float, str]] = []
        for length, candidates in self._by_length.items():
            total = length + len(folded)
            if 2.0 * min(length, len(folded)) / total < self.cutoff:  # real_quick_ratio() for the whole bucket
                continue
            need = self._matches_needed(total)
            plausible.extend(  # quick_ratio(), exactly as difflib computes it
                (2.0 * shared / total, name)
                for bits, name in candidates
                if (shared := (mask & bits).bit_count()) >= need
            )
        if not plausible:  # the usual answer for a known name: no SequenceMatcher to set up
            return ()
        shortlist = heapq.nsmallest(self.max_compared, plausible, key=lambda pair: (-pair[0], pair[1]))
        matcher = SequenceMatcher()
        matcher.set_seq2(folded)  # difflib caches what it learns about the second sequence: the word
        scored = []
        for _, candidate in shortlist:
            matcher.set_seq1(candidate)
            score = matcher.ratio()
            if score >= self.cutoff:
                scored.append((-score, candidate))
        if not scored:
            return ()
        scored.sort()
        floor = max(self.cutoff, -scored[0][0] - self.band)
        kept = [name for score, candidate in scored if -score >= floor for name in self._by_fold[candidate]]
        return tuple(kept[: self.limit])


def letter_bag(text: str) -> list[tuple[str, int]]:
    """Each character paired with its occurrence number (``aba`` -> a1 b1 a2): what two bags have in common
    is the characters the texts share counting repeats, the matches of difflib's ``quick_ratio``."""
    seen: dict[str, int] = {}  # not a Counter: its __missing__ is a Python call per new character
    bag = []
    for char in text:
        seen[char] = count = seen.get(char, 0) + 1
        bag.append((char, count))
    return bag


def is_typo(written: str, known: str) -> bool:
    """Whether ``known`` is ``written`` with one slip of the fingers: case aside, one letter added, dropped,
    changed, or two neighbours swapped.  Only then is renaming one to the other a safe fix; a closer
    match that is a different word (``chroot_root`` for ``anon_root``) changes what the file means."""
    a, b = written.lower(), known.lower()
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]
                                   and a[diffs[1]] == b[diffs[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]

"""The search thesaurus: acronyms, spellings, word forms and names that mean the same thing.

It lives in ``data/search_terms.yaml`` so that curators can extend it without
touching code; see that file for the format.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from dprk_rights.errors import DataError
from dprk_rights.text import fold

_SECTIONS = {"acronyms": False, "spellings": False, "word_forms": False, "concepts": False, "names": False}
_WORD = re.compile(r"\w+")
_MAX_VARIANTS = 16  # spelling variants of one phrase, at most

Phrase = tuple[str, ...]


def words(text: str) -> Phrase:
    """The folded words of a text: ``"Kim Jong-un"`` is ``("kim", "jong", "un")``."""
    return tuple(_WORD.findall(fold(text)))


def loose(phrase: Phrase) -> Phrase:
    """A phrase with plural ``s`` dropped, so "prison camps" finds the entry "prison camp"."""
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in phrase)


class Thesaurus:
    """Groups of equivalent phrases, the stopwords dropped from queries, and the words of names
    (which spelling correction never touches)."""

    __slots__ = ("_by_phrase", "groups", "longest", "names", "stopwords")

    def __init__(
        self,
        groups: tuple[tuple[Phrase, ...], ...] = (),
        stopwords: frozenset[str] = frozenset(),
        names: frozenset[str] = frozenset(),
    ) -> None:
        self.groups = groups
        self.stopwords = stopwords
        self.names = names
        by_phrase: dict[Phrase, set[Phrase]] = {}
        for group in groups:
            for phrase in group:
                by_phrase.setdefault(loose(phrase), set()).update(group)
        self._by_phrase = by_phrase
        self.longest = max((len(p) for p in by_phrase), default=0)

    def equivalents(self, phrase: Phrase) -> set[Phrase]:
        """Every phrase equivalent to ``phrase`` (itself included), empty when it is in no group."""
        return self._by_phrase.get(loose(phrase), set())

    def expand(self, phrases: tuple[Phrase, ...]) -> tuple[Phrase, ...]:
        """Each phrase, its equivalents, and variants with single words swapped for theirs ("forced labor")."""
        result: dict[Phrase, None] = {}
        for phrase in phrases:
            for equivalent in self.equivalents(phrase) or {phrase}:
                options = [sorted({w, *(e[0] for e in self.equivalents((w,)) if len(e) == 1)}) for w in equivalent]
                for variant in itertools.islice(itertools.product(*options), _MAX_VARIANTS):
                    result[variant] = None
            result[phrase] = None
        return tuple(result)

    def vocabulary(self) -> set[str]:
        """Every word the thesaurus knows, for spelling correction."""
        return {w for group in self.groups for phrase in group for w in phrase}


def default_terms_path() -> Path:
    """The thesaurus shipped with the package (``data/search_terms.yaml`` in a checkout)."""
    from dprk_rights.files import packaged_data_path

    return packaged_data_path("search_terms.yaml")


def load_thesaurus(path: str | Path | None = None) -> Thesaurus:
    """Load and validate a search-terms file; DataError names the file, line and field of each problem."""
    from dprk_rights.files import read_bytes

    from .yamlnodes import NodeReader, compose_document

    path = Path(path) if path is not None else default_terms_path()
    name = str(path)
    data = read_bytes(path, "search-terms file")
    root, stream_problems = compose_document(data, name, "a search-terms file needs groups of equivalents")
    reader = NodeReader(name)
    reader.problems += stream_problems
    top = reader.mapping(root, "", _SECTIONS | {"stopwords": False})
    groups: list[tuple[Phrase, ...]] = []
    stopwords: frozenset[str] = frozenset()
    names: set[str] = set()
    if top is not None:
        for section in _SECTIONS:
            for i, node in enumerate(reader.sequence(top.get(section), section)):
                entries = reader.texts(node, f"{section}[{i}]")
                if len(entries) < 2:
                    reader.problem(node, f"{section}[{i}]", "a group needs at least two equivalent entries")
                    continue
                groups.append(tuple(words(entry) for entry in entries))
                if section == "names":
                    names.update(w for entry in entries for w in words(entry))
        stopwords = frozenset(w for entry in reader.texts(top.get("stopwords"), "stopwords") for w in words(entry))
    if reader.problems:
        raise DataError(reader.sorted_problems())
    return Thesaurus(tuple(groups), stopwords, frozenset(names))

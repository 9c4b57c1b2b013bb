"""Text helpers shared by extractors: sentences with offsets, numbers, abbreviations, mentions."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from trialkg.ingest.document import Document
from trialkg.ingest.records import Mention

# a number as written, thousands separators included ("1,204", "4,318.5")
NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
DASH = r"(?:-|–|—|‒|−|to)"

_WORD_NUMBERS = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
WORD_NUMBERS: tuple[str, ...] = tuple(_WORD_NUMBERS)
# a look-ahead for where a number (digits or a number word of WORD_NUMBER_RE) can start, to put before a
# pattern that starts with one: without it re tries the pattern's alternatives at every position
NUMBER_INITIALS = "\\d" + "".join(sorted({w[0] for w in _WORD_NUMBERS if w != "no"}))
NUMBER_AHEAD = f"(?=[{NUMBER_INITIALS}])"
_BELOW_100 = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")-(?:"
    + "|".join(_UNITS)
    + r")\b|"
    + "|".join(k for k in _WORD_NUMBERS if k not in ("no", "zero"))
    + r")"
)
# "one hundred nineteen" before "one", "forty-three" before "forty": a compound is one number, not its
# last word
WORD_NUMBER_RE = rf"(?:(?:{'|'.join(_UNITS)})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?\b|{_BELOW_100}|zero)"

_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:vs|v|e\.g|i\.e|et al|Dr|Drs|Mr|Ms|Mrs|Prof|Fig|Figs|No|Nos|approx|ca|cf|St|Inc|Ltd|Co|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|M\.D|Ph\.D|U\.S|Vol|al)\.)$",
    re.I,
)


_INITIAL_END = re.compile(r"\b[A-Z]\.$")  # "J." in "J. Smith" (case-sensitive)
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def to_number(text: str) -> float | None:
    """A number written in digits (thousands commas allowed) or as a word; None for anything else,
    including what Python's float() would also take ("nan", "inf", "1_000", "1e400")."""
    t = text.strip().replace(",", "")
    if not _DECIMAL.fullmatch(t):
        return _words_number(t.lower())
    v = float(t)
    return v if math.isfinite(v) else None


def _words_number(t: str) -> float | None:
    """A number in words below 1,000 ("one hundred and nineteen", "forty-three", "no"); None otherwise."""
    words = t.replace("-", " ").split()
    total = 0
    if len(words) >= 2 and words[1] == "hundred" and words[0] in _UNITS:
        total = 100 * _WORD_NUMBERS[words[0]]
        words = words[3:] if words[2:3] == ["and"] else words[2:]
        if not words:
            return float(total)
    if len(words) == 1 and words[0] in _WORD_NUMBERS and not (total and words[0] in ("no", "zero")):
        return float(total + _WORD_NUMBERS[words[0]])
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS:
        return float(total + _WORD_NUMBERS[words[0]] + _WORD_NUMBERS[words[1]])
    return None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    section: str  # section kind

    @cached_property
    def low(self) -> str:
        """``folded(self.text)``, made once: the extractors' word tests (``may_match``) read it."""
        return folded(self.text)


def mention(doc: Document, start: int, end: int) -> Mention:
    """A Mention of doc.text[start:end], trimmed of surrounding whitespace."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return Mention(start, end, doc.text[start:end])


def _split_block(text: str, base: int) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"[.!?][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])", text):
        # the end of the text before the break: enough for the longest abbreviation and the character
        # before it (its \b), without searching the whole run from ``start`` at every candidate break
        head = text[max(start, m.start() - 9) : m.start() + 1]
        if _NO_BREAK_BEFORE.search(head) or _INITIAL_END.search(head):
            continue
        yield base + start, base + m.start() + len(m.group(0).rstrip())
        start = m.end()
    if start < len(text):
        yield base + start, base + len(text)


@lru_cache(maxsize=64)  # per document text, reused by every extractor; bounded: an ingest reads millions
def _sentences_cached(text: str, sections: tuple[tuple[int, int, str], ...]) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        for s, e in _split_block(line, pos):
            seg = text[s:e]
            lead = len(seg) - len(seg.lstrip())
            s += lead
            seg = seg.strip()
            if not seg:
                continue
            kind = "body"
            for a, b, k in sections:
                if a <= s < b:
                    kind = k
                    break
            out.append(Sentence(s, s + len(seg), seg, kind))
        pos += len(line) + 1
    return tuple(out)


def sentences(doc: Document, include_references: bool = False) -> list[Sentence]:
    """Sentences of the document with offsets; references and disclosures are left out by default."""
    secs = tuple((s.start, s.end, s.kind) for s in doc.sections)
    allowed = {"references", "disclosures", "figures", "table"} if not include_references else set()
    return [s for s in _sentences_cached(doc.text, secs) if s.section not in allowed]


_ABBR = re.compile(r"\(([A-Za-z][A-Za-z0-9/\-]{0,9})\)")


@lru_cache(maxsize=64)
def _abbreviations(text: str) -> dict[str, str]:
    """Schwartz-Hearst style: "endocrine therapy (ET)" -> {"ET": "endocrine therapy"}."""
    out: dict[str, str] = {}
    for m in _ABBR.finditer(text):
        short = m.group(1)
        letters = [c.lower() for c in short if c.isalpha()]
        if len(letters) < 2 or short.lower() in {"ii", "iii", "iv"}:
            continue
        before = text[max(0, m.start() - 120) : m.start()].rstrip()
        words = re.findall(r"[A-Za-z0-9][\w\-–/]*", before)
        if not words:
            continue
        # walk back from the end of the long form, matching letters from the end of the short form
        n = min(len(words), len(letters) + 5)
        cand = words[-n:]
        for k in range(1, n + 1):
            long_words = cand[-k:]
            initials = "".join(w[0].lower() for w in long_words)
            joined = "".join(long_words).lower()
            if initials == "".join(letters) or (
                long_words[0][0].lower() == letters[0] and subsequence(letters, joined) and k >= len(letters) - 1
            ):
                long_form = " ".join(long_words)
                if long_form.lower() != short.lower():
                    out.setdefault(short, long_form)
                break
    return out


def subsequence(letters: list[str] | str, s: str) -> bool:
    """The ``letters`` occur in ``s`` in their order ("nash" in "nonalcoholic steatohepatitis")."""
    it = iter(s)
    return all(c in it for c in letters)


def abbreviations(doc: Document) -> dict[str, str]:
    return _abbreviations(doc.text)


def expand_abbreviations(text: str, abbrs: dict[str, str]) -> str:
    for short, long in sorted(abbrs.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long, text)
    return text


def decimals_of(number_text: str) -> int:
    """Decimal places as written: "0.80" -> 2, "44" -> 0, ".149" -> 3."""
    t = number_text.strip()
    return len(t.split(".", 1)[1]) if "." in t and t.split(".", 1)[1].isdigit() else 0


def fmt_number(x: float) -> str:
    """Canonical decimal text: 10 -> "10.0", 0.75 -> "0.75"."""
    s = f"{x:.10f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


# letters Python's re.IGNORECASE takes for ASCII ones that str.lower() keeps apart ("ſ" is "s", "ı" is
# "i"; "İ" lowers to "i" plus a combining dot)
_FOLD = str.maketrans({"ſ": "s", "ı": "i", "\u0307": None})


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # re's \w on str


def count_word(text: str, word: str) -> int:
    """How many times ``word`` stands in ``text`` as ``re.findall(rf"\\b{re.escape(word)}\\b", text)`` finds it,
    without compiling a pattern per word (an acronym is new in nearly every document: compiling cost
    ~0.1 ms, more than the search)."""
    if not word:
        return len(re.findall(r"\b\b", text))
    first, last = _is_word_char(word[0]), _is_word_char(word[-1])
    n, i = 0, text.find(word)
    while i >= 0:
        end = i + len(word)
        before = i > 0 and _is_word_char(text[i - 1])
        after = end < len(text) and _is_word_char(text[end])
        if before != first and after != last:  # a boundary on both sides
            n += 1
            i = text.find(word, end)
        else:
            i = text.find(word, i + 1)
    return n


def folded(text: str) -> str:
    """``text`` lower-cased as a case-insensitive pattern sees it, for cheap keyword tests before a
    costly pattern: a pattern that needs a word can only match where ``word in folded(text)``."""
    return text.lower().translate(_FOLD)


# Patterns and their gate: words one of which every match of the pattern contains (lower case for a
# pattern that ignores case).  Python's re finds a pattern that starts with a literal by a fast scan, but
# tries one that starts with \b, an alternation or a lookbehind, or ignores case, at every position:
# 3-20 µs a sentence, where testing the words costs a fraction of one.  ``gate`` registers them next to
# the pattern; tests/ingest/test_text.py checks every registered gate on the test texts.
GATES: dict[re.Pattern[str], tuple[tuple[str, ...], bool]] = {}  # pattern -> (words, whether it ignores case)


def gate(rx: re.Pattern[str], *words: str) -> re.Pattern[str]:
    """Register ``rx``'s gate words (see ``GATES``); returns ``rx``."""
    ignores_case = bool(rx.flags & re.IGNORECASE)
    if ignores_case and any(w != folded(w) for w in words):
        raise ValueError(f"gate words of a case-insensitive pattern must be folded: {words}")
    GATES[rx] = (words, ignores_case)
    return rx


def may_match(rx: re.Pattern[str], text: str, low: str | None = None) -> bool:
    """False when ``rx`` cannot match in ``text``: none of its gate words appears.  ``low`` may be given
    for a case-insensitive pattern: ``folded`` of ``text`` or of a text that contains it (its sentence)."""
    words, ignores_case = GATES[rx]  # (the flag read once: RegexFlag's & is a Python call, ~1 µs)
    if ignores_case:
        text = folded(text) if low is None else low
    for w in words:  # noqa: SIM110 (a loop, not any(): no generator for a handful of words)
        if w in text:
            return True
    return False

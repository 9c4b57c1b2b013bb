"""Turn extracted text into main text: normalize characters and drop site furniture.

Navigation menus (runs of short link-like lines), bylines, author biographies, newsletter and
subscription prompts are removed line by line, or sentence by sentence where a prompt is glued
onto the end of a paragraph.  Pure functions of the input string.
"""

from __future__ import annotations

import re
import unicodedata

from trialkg.ingest.text import folded

_SPACE_CHARS = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u200a\u2007\t"), " ")
# (and U+00AC "¬", which pages whose encoding broke print for a no-break space: "Grade¬ ¬≥3")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad\u00ac"), None)
# one character for one, so offsets stay valid (applied to every reader's text): full-width ASCII
# forms ("０.７５", "ＨＲ"), the ideographic space, the hyphens U+2010/U+2011 and the space-like characters
# become their ASCII counterparts
_FOLD = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: " ", 0x2010: "-", 0x2011: "-", **_SPACE_CHARS}

# "Medicine.In a phase 3" -> "Medicine. In a phase 3" (sentences glued by a lost line break)
# (the look-behind after the mark, not before it: a pattern that starts with the mark is found by a fast
# scan for it, one that starts with a look-behind is tried at every position, 2.5x slower)
_GLUED = re.compile(r"([.!?](?<=[a-z0-9\)\]%][.!?])[\"”’]?)(?=[A-Z][a-z])")

# a structured abstract's heading glued to the text around it ("...in 24 countries.MethodsWe did",
# "p<0.0001FindingsBetween"): the heading on a line of its own
_HEADINGS = r"Background|Methods|Findings|Interpretation|Results|Conclusions?|Objectives?|Funding"
_GLUED_HEADING = re.compile(rf"(?:{_HEADINGS})(?=[A-Z][a-z])")


def _heading_lines(text: str) -> str:
    def cut(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 2) : m.start()]
        glued = re.search(r"[a-z0-9.)\]%;:]$|[.!?:]\s$|^\n?$", before)
        if not glued:
            return m.group()
        return f"{m.group()}\n" if not before.strip() else f"\n{m.group()}\n"

    return _GLUED_HEADING.sub(cut, text)


_PROMPT = re.compile(
    r"\b(newsletter|subscribe|subscription|sign up|stay up to date|latest cme|related questions|"
    r"advertisement|share this (?:article|story)|follow us|read more|click here|cookie|"
    r"all rights reserved|download (?:the )?pdf|log ?in|register now)\b",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:fact[- ]checked by|reviewed by|medically reviewed by|written by|edited by|by)\b:?[^\n]{0,100}$",
    re.I,
)
# a biography paragraph gives its author's e-mail address
_BIO = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
# a word each of the patterns above needs (lower case): lines without one skip the pattern
_PROMPT_WORDS = (
    "newsletter", "subscri", "sign up", "stay up to date", "latest cme", "related questions", "advertisement",
    "share this", "follow us", "read more", "click here", "cookie", "all rights reserved", "download", "log",
    "register now",
)  # fmt: skip
_BIO_WORDS = ("@",)
_SENTENCE_END = re.compile(r"[.!?:;][\"”’)]?$")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+\.)\s+")


def fold_chars(text: str) -> str:
    """Full-width ASCII forms, Unicode hyphens and space-like characters as ASCII, one character for one.

    >>> fold_chars("HR ０.７５\u00a0(95% CI ０.５９–０.９６)")
    'HR 0.75 (95% CI 0.59–0.96)'

    A middle dot between digits is a decimal point (The Lancet's style), one character for one:

    >>> fold_chars("HR 0·58 (95% CI 0·44–0·76)")
    'HR 0.58 (95% CI 0.44–0.76)'
    """
    text = text.translate(_FOLD)
    return _MIDDLE_DOT.sub(".", text) if "·" in text else text


_MIDDLE_DOT = re.compile(r"(?<=\d)·(?=\d)")


_SPACES = re.compile(r" {2,}")


def normalize_chars(text: str) -> str:
    """NFC, unify spaces and line breaks, strip zero-width characters and trailing blanks."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACE_CHARS).translate(_ZERO_WIDTH)
    text = _GLUED.sub(r"\1 ", text)
    text = _heading_lines(text)
    lines = [(_SPACES.sub(" ", ln) if "  " in ln else ln).strip() for ln in text.split("\n")]
    return "\n".join(lines)


def _is_short_link_line(line: str) -> bool:
    body = _BULLET.sub("", line).strip()
    if not body:
        return line.strip() in {"-", "*", "•"}
    words = body.split()
    if re.fullmatch(r"\d[\d,.]*", body):
        return False  # a table's number cell ("235" under "STARTED"), not a link
    return (
        len(words) <= 6
        and not _SENTENCE_END.search(body)
        and not re.search(r"\d{4}", body)
        and not _MEASURE.search(body)  # a table's cell or column head ("Drug A 25 mg", "52.8%", "(N=112)")
    )


_MEASURE = re.compile(r"\d\s*(?:%|mg\b|mcg\b|µg\b|μg\b|g\b|mg/kg\b)|\bn\s*=\s*\d|^\|", re.I)


# labels of a registry record's fields, one per line with its value on the next ("Allocation" /
# "RANDOMIZED"): a run of them is the record, not a menu
_REGISTRY_FIELD = re.compile(
    r"(?:study\s+type|allocation|masking|enrollment|target\s+enrollment|actual\s+enrollment|study\s+phase|phase|"
    r"intervention\s+model|primary\s+purpose|purpose|recruitment\s+status|overall\s+status|study\s+design|"
    r"conditions?|interventions?|sponsor|time\s+frame|arms?|arm\s+group)\s*:?",
    re.I,
)


def _drop_menu_runs(lines: list[str], min_run: int = 4) -> list[bool]:
    """Mark lines that belong to runs of >= min_run consecutive short link-like lines (not a registry
    record's field/value lines)."""
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        if lines[i] and _is_short_link_line(lines[i]):
            j = i
            while j < len(lines) and lines[j] and _is_short_link_line(lines[j]):
                j += 1
            if j - i >= min_run and sum(bool(_REGISTRY_FIELD.fullmatch(ln.strip())) for ln in lines[i:j]) < 2:
                for k in range(i, j):
                    keep[k] = False
            i = j
        else:
            i += 1
    return keep


def _strip_prompt_sentences(line: str) -> str:
    """Remove trailing prompt sentences ("Sign up for our weekly newsletter") from a paragraph."""
    parts = re.split(r"(?<=[.!?)])\s+(?=[A-Z])", line)
    kept = [p for p in parts if not (_PROMPT.search(p) and len(p.split()) <= 25)]
    return " ".join(kept).strip()


def main_text(text: str) -> str:
    """Normalize ``text`` and remove site furniture; returns the main text."""
    lines = normalize_chars(text).split("\n")
    keep = _drop_menu_runs(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        low = folded(line)
        if any(w in low for w in _BIO_WORDS) and _BIO.search(line):
            # a biography paragraph; a short title/name line right before it goes too
            if out and out[-1] and len(out[-1].split()) <= 6:
                out.pop()
            continue
        if _BYLINE.match(line) and len(line.split()) <= 20:
            continue
        if any(w in low for w in _PROMPT_WORDS) and _PROMPT.search(line):
            line = _strip_prompt_sentences(line)
            if not line:
                continue
        out.append(line)
    cleaned = "\n".join(unwrap(out))
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
    return cleaned


_FUNCTION_WORD_END = re.compile(r"\b(?:the|of|in|and|or|with|to|a|an|for|at|by|from|on|as|than|versus|vs\.?)$", re.I)


_HEADING_LINE = re.compile(rf"(?:{_HEADINGS}|Purpose|Introduction):?$")


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of a paragraph: a line that does not end a sentence continues on the
    next line when that one starts in lower case, with a digit or an opening bracket, or when the
    line ends with a function word ("... in the" / "palbociclib group")."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line:
            prev = out[-1]
            ends_open = not _SENTENCE_END.search(prev) and not _BULLET.match(line)
            continues = (
                bool(re.match(r"[a-z0-9(\[]", line))
                or bool(_FUNCTION_WORD_END.search(prev[-8:]))  # (the longest word, "versus", and its \b)
                or prev.count("(") > prev.count(")")  # "... (95%" / "CI, 7.0 to 9.0) ..."
                or bool(re.search(r"[,\-–]$", prev))  # (a line ending "44.6% vs 42.9%" is a record of its own)
            )
            heading = _HEADING_LINE.match(line) or _HEADING_LINE.match(prev)
            if ends_open and continues and len(prev.split()) >= 4 and not heading:
                out[-1] = prev + " " + line
                continue
        out.append(line)
    return out

"""Property-based tests (hypothesis) of the number, P value and confidence-interval parsers: any text
in, no exception, and every parsed value keeps its invariants; effect sentences written with Unicode
dashes, minus signs, odd spaces and full-width digits parse to the numbers written, and an interval
that does not contain its estimate is flagged instead of stored."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from trialkg.ingest.clean import fold_chars
from trialkg.ingest.document import Document
from trialkg.ingest.extract import extract_all
from trialkg.ingest.extract._consistency import CI_EXCLUDES_VALUE, ci_problem
from trialkg.ingest.extract._numbers import P_RE, find_cis, p_value
from trialkg.ingest.text import to_number

# text with the characters that matter here over-represented
_ALPHABET = st.sampled_from(
    [*"0123456789.,;:()[]-–—−% <>=≤≥xX×eE", "CI", "95% CI", "P", "HR", " to ", "\u00a0", "０", "５", "NR", "NE"]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=60).map("".join))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
@example("nan")
@example("-inf")
@example("1_000")
@example("1e400")
def test_to_number_any_text(text: str) -> None:
    v = to_number(text)
    assert v is None or math.isfinite(v)


@SETTINGS
@given(TEXTS)
def test_p_values_any_text(text: str) -> None:
    for m in P_RE.finditer(text):
        v = p_value(m.group("v"))
        assert math.isfinite(v) and v >= 0


@SETTINGS
@given(TEXTS)
def test_cis_any_text(text: str) -> None:
    for ci in find_cis(text, base=7):
        assert 10 <= ci.level < 100
        assert (
            7 <= ci.start <= ci.lo_span[0] < ci.lo_span[1] <= ci.hi_span[0] < ci.hi_span[1] <= ci.end <= len(text) + 7
        )
        for b in (ci.lo, ci.hi):
            assert b is None or (math.isfinite(b) and b >= 0)


@SETTINGS
@given(st.floats(-1e6, 1e6), st.one_of(st.none(), st.floats(-1e6, 1e6)), st.one_of(st.none(), st.floats(-1e6, 1e6)))
def test_ci_problem_is_exactly_the_invariant(value: float, lo: float | None, hi: float | None) -> None:
    ok = (lo is None or lo <= value) and (hi is None or value <= hi) and (lo is None or hi is None or lo <= hi)
    assert (ci_problem(lo, value, hi) is None) == ok


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DASHES = ["-", "–", "—", "−", " to ", "‒"]
SPACES = [" ", "\u00a0", "\u2009", "\u202f"]


@st.composite
def effect_sentence(draw: st.DrawFn) -> tuple[str, float, float, float]:
    hr = draw(st.integers(5, 199)) / 100
    lo = draw(st.integers(1, 250)) / 100
    hi = draw(st.integers(1, 300)) / 100
    dash = draw(st.sampled_from(DASHES))
    sp = draw(st.sampled_from(SPACES))
    wide = draw(st.booleans())

    def num(s: str) -> str:
        return s.translate(FULLWIDTH) if wide else s

    text = (
        "In the PALOMA-9 trial (NCT01234567), 300 patients were randomized to palbociclib plus letrozole or "
        "placebo plus letrozole. Progression-free survival was longer with palbociclib "
        f"(hazard ratio{sp}{num(f'{hr:.2f}')};{sp}95% CI{sp}{num(f'{lo:.2f}')}{dash}{num(f'{hi:.2f}')};"
        f"{sp}P{sp}={sp}{num('0.01')})."
    )
    return text, hr, lo, hi


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(effect_sentence())
def test_effect_sentences_parse_or_flag(case: tuple[str, float, float, float]) -> None:
    text, hr, lo, hi = case
    rec = extract_all(Document(text=fold_chars(text)))
    [est] = [e for e in rec.effects if e.statistic == "hazard-ratio"]
    assert est.value.value == hr
    if lo <= hr <= hi:
        assert (est.ci_lower and est.ci_lower.value, est.ci_upper and est.ci_upper.value) == (lo, hi)
        assert not est.flags
    else:  # the stated interval breaks the invariant: not stored as bounds, flagged with what was stated
        assert est.ci_lower is None and est.ci_upper is None
        assert len(est.flags) == 1 and est.flags[0].startswith(CI_EXCLUDES_VALUE)
    assert est.p_value is not None and est.p_value.value == 0.01

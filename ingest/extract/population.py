"""Population: condition, receptor status (HR/ER/PR/HER2), stage, line of therapy, setting,
menopausal status and prior therapy."""

from __future__ import annotations

import re
from collections import Counter

from trialkg.ingest.document import Document
from trialkg.ingest.records import Mention, TrialRecord, Value
from trialkg.ingest.text import (
    Sentence,
    abbreviations,
    count_word,
    expand_abbreviations,
    gate,
    may_match,
    mention,
    sentences,
    subsequence,
)
from trialkg.ontology import skos

_POS = r"(?:[-–—\s]*(?P<s>positive|negative|low|\+|−|-(?=[\s/,;)]|$)|(?<=\s)neg|(?<=\s)pos))"
STATUS_RE = {
    "hr": re.compile(rf"(?:\bhormone[-\s]receptor|\bHR)(?:\s*\(HR\))?{_POS}", re.I),
    "her2": re.compile(
        rf"(?:\bHER-?2|\bERBB2|\bhuman\s+epidermal\s+growth\s+factor\s+receptor\s+2)(?:\s*\((?:HER2|HER-2)\))?{_POS}",
        re.I,
    ),
    "er": re.compile(rf"(?:\bestrogen[-\s]receptor|\boestrogen[-\s]receptor|\bER)(?:\s*\(ER\))?{_POS}", re.I),
    "pr": re.compile(rf"(?:\bprogesterone[-\s]receptor|\bPR)(?:\s*\(PR\))?{_POS}", re.I),
}
_STATUS_WORD = {
    "positive": "positive",
    "+": "positive",
    "pos": "positive",
    "negative": "negative",
    "-": "negative",
    "−": "negative",
    "neg": "negative",
    "low": "low",
}
_ORGANS = (
    r"(?:(?:non[-\s]?)?squamous\s+)?non[-\s]small[-\s]cell\s+lung|(?:extensive[-\s]stage\s+)?small[-\s]cell\s+lung|"
    r"(?:triple[-\s]negative\s+)?breast|lung|prostate|colorectal|colon|rectal|"
    r"gastric\s*(?:or|/)\s*gastro[-\s]?(?:o)?esophageal\s+junction|m?G/GEJ|gastric|"
    r"gastroesophageal|esophageal|oesophageal|(?:epithelial\s+)?ovarian|pancreatic|bladder|urothelial|renal(?:[-\s]cell)?|"
    r"hepatocellular|liver|endometrial|cervical|head\s+and\s+neck|thyroid|biliary\s+tract|skin|nasopharyngeal|"
    r"basal[-\s]cell"
)
CONDITION_RE = re.compile(
    rf"\b(?P<organ>{_ORGANS})(?:\s*\([A-Za-z/]{{2,8}}\))?\s+(?P<kind>cancer|squamous[-\s]cell\s+carcinoma|ductal\s+adenocarcinoma|carcinoma|"
    r"adenocarcinoma|tumou?rs?)\b"
    r"|\b(?P<other>(?:(?:diffuse\s+)?large\s+B[-\s]cell|follicular|mantle[-\s]cell|(?:classical\s+|non[-\s])?Hodgkin|"
    r"marginal[-\s]zone)\s+lymphoma|(?:chronic[-\s]phase\s+)?(?:acute|chronic)\s+(?:myeloid|myelogenous|lymphoblastic|lymphocytic)\s+"
    r"leuka?emia|melanoma|glioblastoma|multiple\s+myeloma|lymphoma|leukemia|leukaemia|mesothelioma|"
    # conditions outside oncology, as trial titles and abstracts name them
    r"type\s+[12]\s+diabetes(?:\s+mellitus)?|(?:uncontrolled|resistant|essential)\s+hypertension|(?:acute\s+)?heart\s+failure|"
    r"(?:non[-\s]?valvular\s+)?atrial\s+fibrillation|(?:generali[sz]ed\s+)?myasthenia\s+gravis|erosive\s+o?esophagitis|"
    r"alopecia\s+areata|treatment[-\s]resistant\s+depression|chronic\s+obstructive\s+pulmonary\s+disease|asthma|major\s+depressive\s+disorder|"
    r"schizophrenia|HIV(?:-1)?\s+infection|influenza|COVID-19|chronic\s+migraine|migraine|focal\s+epilepsy|epilepsy|"
    r"(?:relapsing\s+)?multiple\s+sclerosis|rheumatoid\s+arthritis|psoriatic\s+arthritis|plaque\s+psoriasis|psoriasis|"
    r"atopic\s+dermatitis|hidradenitis\s+suppurativa|systemic\s+lupus\s+erythematosus|ulcerative\s+colitis|"
    r"Crohn(?:'s|’s)?\s+disease|gout)\b",
    re.I,
)
# conditions by their usual abbreviation (capitals as written)
_CONDITION_ABBR = {
    "NSCLC": "non small cell lung cancer",
    "SCLC": "small cell lung cancer",
    "HNSCC": "head and neck squamous cell carcinoma",
    "DLBCL": "diffuse large b cell lymphoma",
    "TNBC": "triple negative breast cancer",
    "HCC": "hepatocellular carcinoma",
    "RCC": "renal cell carcinoma",
    "CLL": "chronic lymphocytic leukemia",
    "AML": "acute myeloid leukemia",
    "CML": "chronic myeloid leukemia",
}
# ("m" and "ES-" name a stage of the same condition: "mCRC", "ES-SCLC")
_CONDITION_ABBR_RE = re.compile(rf"(?<![\w-])(?:m|ES-)?(?P<a>{'|'.join(_CONDITION_ABBR)})(?![\w-])")
_STAGE_RE = re.compile(
    r"\b(?P<st>locally[-\s]advanced|metastatic|advanced|early[-\s]stage|early|stage\s+IV|recurrent)\b", re.I
)
_STAGE_MAP = {
    "locally advanced": "locally-advanced",
    "metastatic": "metastatic",
    "advanced": "advanced",
    "early stage": "early",
    "early": "early",
    "stage iv": "metastatic",
    "recurrent": "advanced",
}
_LINE_EXPLICIT = re.compile(r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd)[-\s]line\b|\b(?P<l>[1-3])L\b", re.I)
_LINE_SHIFT = re.compile(
    r"\b(?:after|following|progressing\s+(?:on|after)|progressed\s+(?:on|after)|progression\s+(?:on|after|during)|"
    r"previously\s+treated\s+with|refractory\s+to|resistant\s+to)\s+(?:an?\s+|the\s+|prior\s+)?"
    r"(?P<n>first|second|1st|2nd|one|two)[-\s](?:line|prior\s+line)",
    re.I,
)
_LINE_NAIVE = re.compile(
    r"\b(?:previously\s+untreated|treatment[-\s]na[iï]ve|untreated\s+(?:advanced|metastatic)|"
    r"no\s+(?:prior|previous)\s+(?:systemic\s+)?(?:therapy|treatment)\s+for\s+(?:advanced|metastatic)|"
    r"had\s+not\s+(?:previously\s+)?received\s+(?:any\s+)?(?:prior\s+|previous\s+)?(?:systemic\s+)?"
    r"(?:therapy|treatment)\s+for\s+(?:advanced|metastatic))\b",
    re.I,
)
# "after progression on one previous endocrine therapy": one earlier line, so this is the second
_LINE_AFTER_COUNT = re.compile(
    r"\b(?:after|following|progressing\s+(?:on|after)|progressed\s+(?:on|after)|progression\s+(?:on|after|during))"
    r"\s+(?P<n>one|a\s+single|two)\s+(?:previous|prior|earlier)\s+(?:line\s+of\s+)?(?:endocrine\s+|systemic\s+)?"
    r"(?:therapy|therapies|treatment|regimen)s?\b",
    re.I,
)
_ORDINAL = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "fourth": 4}
_LINE_NAME = {1: "first-line", 2: "second-line", 3: "third-line"}
_SETTING_RE = re.compile(
    r"\b(?P<s>neoadjuvant|adjuvant|maintenance|induction)\b"
    r"|\b(?P<post>resected|after\s+(?:surgery|resection)|postoperative)\b|\b(?P<pre>preoperative)\b",
    re.I,
)
_PRIOR_CONTEXT = re.compile(
    r"\b(?:previous|prior|progress\w*|history|had\s+received|pretreated|after|following|completed)\b", re.I
)
_MENO_RE = re.compile(r"\b(?P<m>pre|peri|post)[-\s]?menopausal\s+(?:women|patients)\s+(?:with|who)\b", re.I)
PRIOR_RES = [
    gate(
        re.compile(
            r"\b(?P<x>(?:did\s+not\s+have|without|with|had)\s+(?:disease\s+)?progression\s+(?:after|on|during|following)\s+[^.;]+)",
            re.I,
        ),
        "progression",
    ),
    gate(
        re.compile(
            r"\b(?P<x>(?:had\s+not\s+|did\s+not\s+|not\s+)?progress(?:ing|ed)\s+(?:after|on|during|following)\s+[^.;]+)",
            re.I,
        ),
        "progress",
    ),
    gate(re.compile(r"\b(?P<x>(?:had\s+)?completed\s+[^.;]*?\bcycles\b[^.;]*)", re.I), "completed"),
    gate(re.compile(r"\beligible\s+if\s+(?:they\s+)?(?P<x>[^.;]+)", re.I), "eligible"),
    gate(re.compile(r"\b(?P<x>previously\s+treated\s+with\s+[^.;]+)", re.I), "previously"),
]


# words (lower case) one of which each pattern needs in a sentence to match there ("er" and "pr" are
# in too many words to be worth testing)
_NEEDS = {
    "hr": ("hr", "hormone"),
    "her2": ("her-2", "her2", "erbb2", "human"),
    "er": ("",),  # (always tried)
    "pr": ("",),
    "condition": (
        "cancer",
        "carcinoma",
        "tumo",
        "melanoma",
        "glioblastoma",
        "myeloma",
        "lymphoma",
        "leuk",
        "mesothelioma",
        # outside oncology
        "diabetes",
        "hypertension",
        "heart failure",
        "fibrillation",
        "pulmonary",
        "asthma",
        "depressive",
        "schizophrenia",
        "hiv",
        "influenza",
        "covid",
        "migraine",
        "epilepsy",
        "sclerosis",
        "arthritis",
        "psoriasis",
        "dermatitis",
        "hidradenitis",
        "lupus",
        "colitis",
        "myasthenia",
        "esophagitis",
        "alopecia",
        "depression",
        "crohn",
        "gout",
    ),
    "line": ("line", "1l", "2l", "3l"),
    "after-count": ("previous", "prior", "earlier"),
    "naive": ("untreated", "naive", "naïve", "prior", "previous", "received"),
    "setting": ("adjuvant", "maintenance", "induction", "resect", "surgery", "postoperative", "preoperative"),
}


def _needs(pattern: str, low: str) -> bool:
    for w in _NEEDS[pattern]:  # noqa: SIM110 (a loop, not any(): ~120 calls a document)
        if w in low:
            return True
    return False


def _weight(s: Sentence) -> int:
    return {"title": 3, "methods": 3, "body": 2, "results": 2, "background": 1, "conclusions": 2}.get(s.section, 1)


def _is_title(doc: Document, s: Sentence) -> bool:
    return bool(doc.metadata.title) and s.text.rstrip(".") == doc.metadata.title


def _vote(found: list[tuple[str, int, Mention]]) -> Value[str] | None:
    if not found:
        return None
    score: Counter[str] = Counter()
    for v, w, _ in found:
        score[v] += w
    best = max(score, key=lambda k: (score[k], -min(m.start for v2, _, m in found if v2 == k)))
    first = next(m for v, _, m in found if v == best)
    return Value(best, first)


def _refines(narrow: str, broad: str) -> bool:
    """``narrow`` names a kind of ``broad``: "focal epilepsy" of "epilepsy", "non small cell lung cancer" of
    "lung cancer", "head and neck squamous cell carcinoma" of "head and neck cancer"."""
    if narrow == broad:
        return False
    if narrow.endswith(" " + broad):
        return not narrow[: -len(broad)].rstrip().endswith("non")  # "non small cell ..." is no kind of "small cell ..."
    organ = broad.removesuffix(" cancer")
    return broad.endswith(" cancer") and narrow.startswith(organ + " ") and narrow.endswith("carcinoma")


def _narrowest(best: Value[str] | None, found: list[tuple[str, int, Mention]]) -> Value[str] | None:
    """The voted condition, or a narrower one the text also names ("NSCLC" beside "lung cancer")."""
    if best is None:
        return None
    narrower = [(v, m) for v, _, m in found if _refines(v, best.value)]
    if not narrower:
        return best
    names = {v for v, _ in narrower}
    leaves = [v for v in names if not any(_refines(o, v) for o in names)]
    if len(leaves) != 1:
        return best  # two different narrower conditions: keep the one both share
    return Value(leaves[0], next(m for v, m in narrower if v == leaves[0]))


# words right before a disease that name its kind, kept with it ("castration-resistant prostate cancer",
# "episodic migraine", "relapsing multiple sclerosis", "MALT lymphoma"); a narrower name holds the broader
_SUBTYPE_WORD = re.compile(
    r"(?:castration|castrate|hormone|platinum|treatment|steroid|insulin)[-\s](?:resistant|sensitive|naive|naïve|"
    r"refractory|dependent)|(?:non-)?muscle-invasive|triple-negative|(?:non-)?squamous|episodic|chronic|focal|"
    r"generalized|relapsing(?:-remitting)?|(?:primary|secondary)\s+progressive|follicular|MALT|marginal\s+zone|"
    r"uncomplicated|complicated|eosinophilic|allergic|plaque|erosive|nonerosive|persistent|paroxysmal|"
    r"(?:non-)?cystic\s+fibrosis|hereditary|familial|heterozygous|homozygous|neovascular|diabetic|"
    r"(?:HIV|HCV)-\d",
    re.I,
)
_SUBTYPE_AFTER = re.compile(r"\s+with\s+(?:reduced|preserved|mildly\s+reduced)\s+ejection\s+fraction\b", re.I)


def _with_subtype(doc: Document, condition: Value[str] | None) -> Value[str] | None:
    """The condition with the words of its kind the text writes around it where it is named."""
    if condition is None or condition.mention is None:
        return condition
    men = condition.mention
    # (where the text names it with its kind: the voted mention, else another of the same words)
    subgroups = [(s.start, s.end) for s in sentences(doc) if re.search(r"\bsubgroups?\b|\bsubset\b", s.text, re.I)]
    spots = [(men.start, men.end)] + [
        (m.start(), m.end())
        for m in re.finditer(rf"(?<![\w-]){re.escape(men.quote)}(?![\w-])", doc.text, re.I)
        if m.start() != men.start and not any(a <= m.start() < b for a, b in subgroups)
    ]  # (not a subgroup's: "in a subgroup analysis, patients with allergic asthma")
    kinds = [w for a, b in spots if (w := _widen(doc, condition, a, b)) is not None]
    names = {w.value for w in kinds}
    # (two kinds named, "follicular or marginal zone lymphoma": the disease they share)
    widest = [w for w in kinds if all(n in w.value for n in names)]
    return widest[0] if widest else condition


def _widen(doc: Document, condition: Value[str], a: int, b: int) -> Value[str] | None:
    start, end = a, b
    while True:
        m = re.search(
            rf"(?:^|(?<=[\s(]))(?:{_SUBTYPE_WORD.pattern})[ \t]+$", doc.text[max(0, start - 40) : start], re.I
        )
        if m is None:
            break
        start = max(0, start - 40) + m.start()
    after = _SUBTYPE_AFTER.match(doc.text, end)
    if after:
        end = after.end()
    if (start, end) == (a, b) or re.search(r"(?:\bor|\band|/|,)\s*$", doc.text[max(0, start - 6) : start]):
        return None  # (a kind beside another: "follicular or marginal zone lymphoma" names both)
    before, tail = doc.text[start:a], doc.text[b:end]
    value = re.sub(r"\s+", " ", f"{before}{condition.value}{tail}".lower()).strip()
    return Value(value, mention(doc, start, end))


_PRACTICE = re.compile(r"\bstandard\b|\bstandard[-\s]of[-\s]care\b|\bconsensus\b|\bguidelines?\b", re.I)
gate(_PRACTICE, "standard", "consensus", "guideline")


def _about_this_trial(s: Sentence) -> bool:
    """Background sentences on standard practice ("is standard first-line treatment") do not count."""
    return not (may_match(_PRACTICE, s.text, s.low) and _PRACTICE.search(s.text))


def extract(doc: Document, rec: TrialRecord) -> None:
    sents = sentences(doc)
    status: dict[str, list[tuple[str, int, Mention]]] = {k: [] for k in STATUS_RE}
    conditions: list[tuple[str, int, Mention]] = []
    stages: list[tuple[str, int, Mention]] = []
    lines_explicit: list[tuple[str, int, Mention]] = []
    lines_shift: list[tuple[str, int, Mention]] = []
    lines_weak: list[tuple[str, int, Mention]] = []
    settings: list[tuple[str, int, Mention]] = []
    for s in sents:
        w = 4 if _is_title(doc, s) else _weight(s)
        low = s.low  # a pattern is tried only where a word it needs appears (_NEEDS)
        for key, rx in STATUS_RE.items():
            if not _needs(key, low):
                continue
            for m in rx.finditer(s.text):
                word = m.group("s").lower()
                if key == "hr" and re.match(r"\s*[,;:=]?\s*\d", s.text[m.end() :]):
                    continue  # "HR, 0.75" is a hazard ratio
                status[key].append(
                    (_STATUS_WORD.get(word, word), w, mention(doc, s.start + m.start(), s.start + m.end()))
                )
        for m in CONDITION_RE.finditer(s.text) if _needs("condition", low) else ():
            if m.group("other"):
                name = (
                    re.sub(r"[-\s]+", " ", m.group("other").lower()).replace("’", "'").replace("leukaemia", "leukemia")
                )
            else:
                organ = re.sub(r"\s*/\s*", " or ", re.sub(r"[-\s]+", " ", m.group("organ").lower()))
                organ = re.sub(r"^m?g or gej$", "gastric or gastroesophageal junction", organ)
                kind = re.sub(r"[-\s]+", " ", m.group("kind").lower())
                name = f"{organ} {kind if 'carcinoma' in kind else 'cancer'}"
            men = mention(doc, s.start + m.start(), s.start + m.end())
            conditions.append((name, w, men))
            before = s.text[max(0, m.start() - 120) : m.start()]
            st = list(_STAGE_RE.finditer(before))
            if st and re.fullmatch(r"[\s,;:/()\w+\-–—]*", before[st[-1].end() :]) and len(before[st[-1].end() :]) < 100:
                key = re.sub(r"[-\s]+", " ", st[-1].group("st").lower())
                a = s.start + max(0, m.start() - 120) + st[-1].start()
                stages.append((_STAGE_MAP[key], w, mention(doc, a, s.start + m.end())))
        for m in _CONDITION_ABBR_RE.finditer(s.text) if any(c.isupper() for c in s.text) else ():
            conditions.append((_CONDITION_ABBR[m.group("a")], w, mention(doc, s.start + m.start(), s.start + m.end())))
        # lines named in sentences on standard practice count only where they frame a maintenance or
        # induction phase the trial belongs to ("maintenance ... is standard first-line treatment")
        bucket = (
            lines_explicit
            if _about_this_trial(s)
            else (lines_weak if re.search(r"\b(?:maintenance|induction)\b", s.text, re.I) else None)
        )
        if bucket is not None and _needs("line", low):
            for m in _LINE_EXPLICIT.finditer(s.text):
                n = _ORDINAL.get((m.group("n") or "").lower()) or int(m.group("l") or 0)
                if 1 <= n <= 4:
                    bucket.append(
                        (_LINE_NAME.get(n, "later-line"), w, mention(doc, s.start + m.start(), s.start + m.end()))
                    )
        for m in _LINE_SHIFT.finditer(s.text) if "line" in low else ():
            n = _ORDINAL[m.group("n").lower()] + 1
            lines_shift.append(
                (_LINE_NAME.get(n, "later-line"), w, mention(doc, s.start + m.start(), s.start + m.end()))
            )
        for m in _LINE_AFTER_COUNT.finditer(s.text) if _needs("after-count", low) else ():
            n = {"one": 1, "two": 2}.get(m.group("n").lower(), 1) + 1
            lines_shift.append((_LINE_NAME[n], w, mention(doc, s.start + m.start(), s.start + m.end())))
        for m in _LINE_NAIVE.finditer(s.text) if _needs("naive", low) else ():
            lines_explicit.append(("first-line", w, mention(doc, s.start + m.start(), s.start + m.end())))
        for m in _SETTING_RE.finditer(s.text) if _needs("setting", low) else ():
            if _PRIOR_CONTEXT.search(s.text[max(0, m.start() - 60) : m.start()]) or re.search(
                r"\bprogress\w*|\bprior\b|\bprevious\b", s.text, re.I
            ):
                continue
            name = (m.group("s") or "").lower() or ("adjuvant" if m.group("post") else "neoadjuvant")
            settings.append((name, w, mention(doc, s.start + m.start(), s.start + m.end())))
        mm = _MENO_RE.search(s.text) if "menopausal" in low else None
        if mm and rec.menopausal_status is None:
            meno = "postmenopausal" if mm.group("m").lower() == "post" else "premenopausal"
            rec.menopausal_status = Value(meno, mention(doc, s.start + mm.start(), s.start + mm.end()))
    rec.hr_status = _vote(status["hr"])
    rec.her2_status = _vote(status["her2"])
    rec.er_status = _vote(status["er"])
    rec.pr_status = _vote(status["pr"])
    rec.condition = _with_subtype(
        doc, _narrowest(_vote(conditions), conditions) or _vote(_dictionary_conditions(doc, sents))
    )
    if stages:
        # the narrowest stage stated with the condition: "metastatic" refines "advanced"
        narrow = skos.broader("stage")
        values = {v for v, _, _ in stages}
        leaves = [v for v in values if not any(narrow.get(o) == v for o in values)]
        rec.stage = _vote([t for t in stages if t[0] in leaves])
    rec.line_of_therapy = (
        _vote(lines_shift)
        or _vote(lines_explicit)
        or (_vote(lines_weak) if settings and any(v == "maintenance" for v, _, _ in settings) else None)
    )
    if settings:
        rec.setting = _vote(settings)
    abbr = abbreviations(doc)
    seen: set[str] = set()
    for s in sents:
        if s.section in ("background", "results", "conclusions"):
            continue
        for rx in PRIOR_RES:
            for m in rx.finditer(s.text) if may_match(rx, s.text, s.low) else ():
                raw = re.split(
                    r"\s+(?:were|was|are|is)\s+(?:randomly|randomi[sz]ed|assigned|enrolled|eligible|included)\b",
                    m.group("x"),
                )[0]
                text = expand_abbreviations(raw.strip().rstrip(","), abbr)
                if len(text.split()) < 3 or text in seen or re.search(r"\b(?:PFS|survival)\b", text):
                    continue
                seen.add(text)
                a = s.start + m.start("x")
                rec.prior_therapies.append(Value(text, mention(doc, a, a + len(raw.rstrip().rstrip(",")))))


# where a text names the disease of its participants: "adults with chronic kidney disease", "for the
# treatment of X", "in patients with moderate to severe X"
_WITH_DISEASE = re.compile(
    r"\b(?:patients|participants|adults|children|adolescents|people|persons|women|men|individuals|subjects)\s+"
    r"(?:(?:[\w-]+|\d+\s+to\s+\d+)\s+){0,5}?(?:with|having|who\s+have)\s+"
    # (a kind of the disease between: "with biopsy-confirmed X", "with non-center-involving X"; not a history)
    r"(?:(?!(?:a|an|the|of|and|or|no|without|history|prior|previous|known|any)\s)[\w-]+\s+){0,2}$"
    r"|\b(?:treatment|management|prevention|therapy)\s+(?:of|for)\s+(?:(?:[\w-]+)\s+){0,3}?$",
    re.I,
)


_EXCLUDED = re.compile(r"\b(?:not\s+eligible|ineligible|excluded|exclusion|were\s+not\s+(?:enrolled|included))\b", re.I)
_ENROLLING = re.compile(
    r"\b(?:enrol\w*|randomi[sz]\w*|eligible|included|recruited|assigned|trial|study)\b"
    # a structured abstract's participants ("Participants: A total of 438 children aged ...")
    r"|^\W*(?:participants|patients|population|subjects)\s*:",
    re.I,
)


def _initials_fit(short: str, name: str) -> bool:
    """``short`` abbreviates ``name``: its first letter starts the name, its letters come in order."""
    letters, low = short.lower(), name.lower()
    return low.startswith(letters[0]) and subsequence(letters, low)


def _dictionary_conditions(doc: Document, sents: list[Sentence]) -> list[tuple[str, int, Mention]]:
    """Diseases of the MeSH dictionary a sentence names as its participants' ("adults with X"): for a
    trial whose condition none of ``CONDITION_RE``'s names gives."""
    from trialkg.ingest.disease_dictionary import find_diseases

    out: list[tuple[str, int, Mention]] = []
    # the abbreviations the document defines for a disease: "nonalcoholic steatohepatitis (NASH)"
    diseases_short: dict[str, str] = {}
    for m in re.finditer(r"\(([A-Z][A-Za-z]{1,5})\)", doc.text):
        short = m.group(1)
        before = doc.text[max(0, m.start() - 80) : m.start()].rstrip()
        named = [d for d in find_diseases(before) if d[1] == len(before)]  # the disease right before the bracket
        if named and _initials_fit(short, named[-1][2]):
            diseases_short.setdefault(short, named[-1][2].lower())
    for s in sents:
        title = _is_title(doc, s)
        if s.section == "background" or not any(
            w in s.low for w in (" with ", "treatment", "management", "prevention", "therapy", "having")
        ):
            continue
        if not title and not _ENROLLING.search(s.text):
            continue  # a sentence on results or adverse events names its patients' other conditions
        if _EXCLUDED.search(s.text):
            continue  # "patients with active hepatitis B were not eligible": whom the trial kept out
        for a, b, name, _ in find_diseases(s.text):
            if len(name) >= 4 and _WITH_DISEASE.search(s.text[max(0, a - 80) : a]):
                w = 4 if title else _weight(s)
                out.append((name.lower().replace("’", "'"), w, mention(doc, s.start + a, s.start + b)))
        # a disease by the abbreviation the document defined for it: "patients with biopsy-confirmed NASH"
        for short, name in diseases_short.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", s.text) if short in s.text else ():
                if _WITH_DISEASE.search(s.text[max(0, m.start() - 80) : m.start()]):
                    w = 4 if title else _weight(s)
                    out.append((name, w, mention(doc, s.start + m.start(), s.start + m.end())))
    # precision first: a disease named so once, outside the title, is the trial's only if the text names it
    # again, in its words or by the abbreviation it gave it ("patients with eosinophilic esophagitis (EoE)")
    # (and only if it is the one disease so named: "patients with thrombocytopenia and myelofibrosis" is open)
    alone = len({o[0] for o in out}) == 1
    return [c for c in out if c[1] >= 4 or sum(1 for o in out if o[0] == c[0]) >= 2 or (alone and _named_again(doc, c))]


def _named_again(doc: Document, c: tuple[str, int, Mention]) -> bool:
    name, men = c[0], c[2]
    text = doc.text
    if count_word(text.lower(), name) >= 2:
        return True
    short = next((k for k, v in abbreviations(doc).items() if v.lower() == name), None)
    if short is None:
        m = re.match(r"\s*\(([A-Za-z][A-Za-z0-9-]{1,7})\)", text[men.end :])
        short = m.group(1) if m else None
    return short is not None and count_word(text, short) >= 2

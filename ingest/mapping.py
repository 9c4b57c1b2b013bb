"""Map a TrialRecord (plus its Document) to the RDF graph of that document.

Fact nodes have deterministic IRIs built from their fact key (trial + arm + endpoint + statistic
+ timepoint, trial + arm + term + grade ...), so several documents stating one fact describe one
node; their Mentions differ.  Approximate values go on tkg:approximateValue/approximatePercent so
they never sit beside an exact value as a second tkg:value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from trialkg.graph import iris
from trialkg.ingest.document import Document
from trialkg.ingest.records import DrugRef, TrialRecord, Value
from trialkg.ingest.subgroups import subgroup_key
from trialkg.ingest.text import fmt_number
from trialkg.ontology import ID

T = iris.tkg


Triple = tuple[URIRef, URIRef, URIRef | Literal]


@lru_cache(maxsize=8192)
def dec(x: float) -> Literal:
    return Literal(fmt_number(x), datatype=XSD.decimal)


@lru_cache(maxsize=16384)
def plain(text: str) -> Literal:
    """A plain string literal; the values and quotes of mentions recur across documents, and building
    an rdflib Literal is slow (literals are immutable: shared safely)."""
    return Literal(text)


@lru_cache(maxsize=8192)
def integer(x: int) -> Literal:
    return Literal(str(int(x)), datatype=XSD.integer)


@lru_cache(maxsize=4096)
def _vocab_iri(iri: str) -> URIRef:
    """Predicates, classes and concepts recur in every document: build each URIRef once."""
    return URIRef(iri)


# the terms every Mention states (``_Builder.stated``)
_TYPE, _MENTION = _vocab_iri(str(RDF.type)), _vocab_iri(T("Mention"))
_EVIDENCE, _IN_SOURCE, _QUOTE, _CHAR_START, _CHAR_END = (
    _vocab_iri(T(n)) for n in ("evidence", "inSource", "quote", "charStart", "charEnd")
)
_FOR_PROPERTY, _FOR_VALUE, _STATED_DECIMALS, _REGISTRY_PATH = (
    _vocab_iri(T(n)) for n in ("forProperty", "forValue", "statedDecimals", "registryPath")
)


def _date_literal(d: str) -> Literal:
    if len(d) == 10:
        return Literal(d, datatype=XSD.date)
    if len(d) == 7:
        return Literal(d, datatype=XSD.gYearMonth)
    return Literal(d, datatype=XSD.gYear)


@dataclass
class Resolved:
    """Identity decided for a document before mapping: its trial and the publication it reports."""

    trial_key: str
    provisional: bool = False
    publications: list[str] = field(default_factory=list)  # IRIs of publications reporting the trial


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.triples: dict[Triple, None] = {}  # an ordered set
        self.mentions: dict[Triple, None] = {}  # the triples about Mentions, kept apart (``map_parts``)
        self.doc = doc
        self.src = URIRef(iris.source(doc.source_key))

    def add(self, s: str | URIRef, p: str | URIRef, o: URIRef | Literal) -> None:
        self.triples[(s if type(s) is URIRef else URIRef(s), _vocab_iri(p), o)] = None

    def about_mention(self, mid: URIRef, p: str | URIRef, o: URIRef | Literal) -> None:
        self.mentions[(mid, _vocab_iri(p), o)] = None

    def stated(self, s: str | URIRef, prop: str, value: Value[Any], obj: URIRef | Literal) -> None:
        """Add (s, prop, obj) with a Mention of where the document states it."""
        # (the hottest method of the mapping, ~28 times per document: the vocabulary's terms are built once)
        p = T(prop)
        pi = _vocab_iri(p)
        si = s if type(s) is URIRef else URIRef(s)
        self.triples[(si, pi, obj)] = None
        m = value.mention
        text = str(obj)
        mid = URIRef(iris.mention(str(self.src), m.start, m.end, p, text))
        self.triples[(si, _EVIDENCE, mid)] = None
        mentions = self.mentions
        mentions[(mid, _TYPE, _MENTION)] = None
        mentions[(mid, _IN_SOURCE, self.src)] = None
        mentions[(mid, _QUOTE, plain(m.quote))] = None
        mentions[(mid, _CHAR_START, integer(m.start))] = None
        mentions[(mid, _CHAR_END, integer(m.end))] = None
        mentions[(mid, _FOR_PROPERTY, pi)] = None
        mentions[(mid, _FOR_VALUE, plain(text))] = None
        if value.decimals is not None:
            mentions[(mid, _STATED_DECIMALS, integer(value.decimals))] = None
        if self.doc.data_paths:
            path = self.json_path(m.start, m.end)
            if path:
                mentions[(mid, _REGISTRY_PATH, Literal(path))] = None

    def json_path(self, start: int, end: int) -> str | None:
        """The registry JSON path a span of the rendered record comes from (innermost field)."""
        best: tuple[int, str] | None = None
        for s, e, path in self.doc.data_paths:
            if s <= start and end <= e and (best is None or e - s < best[0]):
                best = (e - s, path)
        return best[1] if best else None

    def number(self, node: URIRef, prop: str, value: Value[float] | None) -> None:
        """A stated number on prop (value/percent), or on its approximate twin when stated approximately."""
        if value is not None:
            name = "approximate" + prop[0].upper() + prop[1:] if value.approximate else prop
            self.stated(node, name, value, dec(value.value))

    def amounts(self, node: URIRef, percent: Value[float] | None, value: Value[float] | None, unit: str | None) -> None:
        self.number(node, "percent", percent)
        self.number(node, "value", value)
        if value is not None and unit:
            self.add(node, T("unit"), Literal(unit))

    def sentence(self, s: str | URIRef, m_start: int, m_end: int, quote: str) -> None:
        """Evidence for a whole fact node: the sentence that states it."""
        mid = URIRef(iris.mention(str(self.src), m_start, m_end, "", ""))
        self.add(s, T("evidence"), mid)
        self.about_mention(mid, RDF.type, _vocab_iri(T("Mention")))
        self.about_mention(mid, T("inSource"), self.src)
        self.about_mention(mid, T("quote"), plain(quote))
        self.about_mention(mid, T("charStart"), integer(m_start))
        self.about_mention(mid, T("charEnd"), integer(m_end))

    def drug(self, ref: DrugRef) -> URIRef:
        d = URIRef(iris.drug(ref.key))
        self.add(d, RDF.type, _vocab_iri(T("Drug")))
        self.add(d, RDFS.label, Literal(ref.label))
        if ref.is_class:
            self.add(d, T("isDrugClass"), Literal(True))
        if ref.drugbank_id:
            self.add(d, T("drugbankId"), Literal(ref.drugbank_id))
            self.add(d, SKOS.exactMatch, URIRef(f"https://go.drugbank.com/drugs/{ref.drugbank_id}"))
        if ref.mesh_id:
            self.add(d, T("meshId"), Literal(ref.mesh_id))
            self.add(d, SKOS.closeMatch, URIRef(f"http://id.nlm.nih.gov/mesh/{ref.mesh_id}"))
        return d


def map_source(b: _Builder, rec: TrialRecord) -> None:
    md = b.doc.metadata
    src = b.src
    b.add(src, RDF.type, _vocab_iri(T("Source")))
    b.add(src, T("sourceType"), _vocab_iri(iris.concept("source-type", md.source_type or "full-text")))
    b.add(src, T("contentHash"), Literal(b.doc.content_hash))
    if md.title:
        b.add(src, DCTERMS.title, Literal(md.title))
    if md.date:
        b.add(src, DCTERMS.date, _date_literal(md.date))
    if md.journal:
        b.add(src, T("journal"), Literal(md.journal))
    for name in ("doi", "pmid", "pmcid", "url"):
        v = getattr(md, name)
        if v:
            b.add(src, T(name), Literal(v))
    for kw in md.keywords:
        b.add(src, DCTERMS.subject, Literal(kw))
    for pt in md.publication_types:
        b.add(src, T("publicationType"), Literal(pt))
    if md.source_type in ("journal-abstract", "full-text") and (md.doi or md.pmid):
        b.add(src, RDF.type, _vocab_iri(T("Publication")))
    for c in rec.citations:
        if c.doi:
            pub = URIRef(iris.publication_doi(c.doi))
        elif c.title:
            pub = URIRef(f"{ID}publication/{iris.short_hash(c.title.lower())}")
        else:
            continue
        b.add(src, T("cites"), pub)
        b.add(pub, RDF.type, _vocab_iri(T("Publication")))
        if c.doi:
            b.add(pub, T("doi"), Literal(c.doi))
        if c.title:
            b.add(pub, DCTERMS.title, Literal(c.title))
        if c.journal:
            b.add(pub, T("journal"), Literal(c.journal))
        if c.year:
            b.add(pub, DCTERMS.date, Literal(c.year, datatype=XSD.gYear))
        for name, prop in (
            ("volume", "volume"),
            ("issue", "issue"),
            ("pages", "pages"),
            ("first_author", "firstAuthor"),
        ):
            v = getattr(c, name)
            if v:
                b.add(pub, T(prop), Literal(v))


def map_record(doc: Document, rec: TrialRecord, resolved: Resolved) -> Graph:
    """The document's graph.  Pure: the same inputs give the same triples."""
    g = Graph()
    for t in map_triples(doc, rec, resolved):
        g.add(t)
    return g


def map_triples(doc: Document, rec: TrialRecord, resolved: Resolved) -> list[Triple]:
    """The document's triples, without duplicates, in a deterministic order (the fast path of ingest):
    the facts, then the triples about their Mentions (``map_parts``)."""
    facts, mentions = map_parts(doc, rec, resolved)
    return facts + mentions


def map_parts(doc: Document, rec: TrialRecord, resolved: Resolved) -> tuple[list[Triple], list[Triple]]:
    """The document's triples in two parts: the facts (with their ``tkg:evidence`` links), which the
    store's union view holds too, and the triples about the Mentions, which stay in the document's
    graph alone (see graph/store.py)."""
    b = _Builder(doc)
    map_source(b, rec)
    t = URIRef(iris.trial(resolved.trial_key))
    b.add(t, RDF.type, _vocab_iri(T("Trial")))
    b.add(t, T("describedBy"), b.src)
    if resolved.provisional:
        b.add(t, T("provisionalIdentity"), Literal(True))
    for pub in resolved.publications:
        b.add(t, T("publication"), URIRef(pub))
    for v in rec.nct_ids[:1]:
        b.stated(t, "nctId", v, Literal(v.value))
    for v in rec.acronyms[:1]:
        b.stated(t, "acronym", v, Literal(v.value))
    if doc.metadata.title and doc.metadata.source_type != "news":
        b.add(t, DCTERMS.title, Literal(doc.metadata.title))
    if rec.phase:
        b.stated(t, "phase", rec.phase, Literal(rec.phase.value))
    for v in rec.design_features:
        b.stated(t, "designFeature", v, _vocab_iri(iris.concept("design-feature", v.value)))
    if rec.allocation_ratio:
        b.stated(t, "allocationRatio", rec.allocation_ratio, Literal(rec.allocation_ratio.value))
    for attr, prop in (
        ("randomized_count", "randomizedCount"),
        ("site_count", "siteCount"),
        ("country_count", "countryCount"),
    ):
        v = getattr(rec, attr)
        if v:
            b.stated(t, prop, v, integer(v.value))
    if rec.median_follow_up_months:
        b.stated(t, "medianFollowUpMonths", rec.median_follow_up_months, dec(rec.median_follow_up_months.value))
    if rec.enrollment_start and rec.enrollment_end:
        b.stated(
            t, "enrollmentStart", rec.enrollment_start, Literal(rec.enrollment_start.value, datatype=XSD.gYearMonth)
        )
        b.stated(t, "enrollmentEnd", rec.enrollment_end, Literal(rec.enrollment_end.value, datatype=XSD.gYearMonth))
    for v in rec.stratification_factors:
        b.stated(t, "stratificationFactor", v, Literal(v.value))
    for v in rec.funders:
        o = URIRef(iris.org(v.value))
        b.add(o, RDF.type, _vocab_iri(T("Organization")))
        b.add(o, RDFS.label, Literal(v.value))
        b.stated(t, "fundedBy", v, o)
    for dv in rec.drugs_mentioned:
        b.stated(t, "mentionsDrug", dv, b.drug(dv.value))
    # population
    pop = URIRef(f"{t}/population")
    pop_values = [
        ("condition", rec.condition, None),
        ("hrStatus", rec.hr_status, "receptor-status"),
        ("her2Status", rec.her2_status, "receptor-status"),
        ("erStatus", rec.er_status, "receptor-status"),
        ("prStatus", rec.pr_status, "receptor-status"),
        ("stage", rec.stage, "stage"),
        ("lineOfTherapy", rec.line_of_therapy, "line-of-therapy"),
        ("setting", rec.setting, "setting"),
        ("menopausalStatus", rec.menopausal_status, "menopausal-status"),
    ]
    if any(v for _, v, _ in pop_values) or rec.prior_therapies:
        b.add(t, T("hasPopulation"), pop)
        b.add(pop, RDF.type, _vocab_iri(T("Population")))
        for prop, pv, scheme in pop_values:
            if pv:
                b.stated(pop, prop, pv, _vocab_iri(iris.concept(scheme, pv.value)) if scheme else Literal(pv.value))
        for prior in rec.prior_therapies:
            b.stated(pop, "priorTherapy", prior, Literal(prior.value))
    # arms
    arm_iri = {a.key: URIRef(iris.arm(str(t), a.key)) for a in rec.arms}
    for a in rec.arms:
        ai = arm_iri[a.key]
        b.add(t, T("hasArm"), ai)
        b.add(ai, RDF.type, _vocab_iri(T("Arm")))
        b.add(ai, RDFS.label, Literal(a.label.value))
        b.add(ai, T("armRole"), _vocab_iri(iris.concept("arm-role", a.role)))
        for d in a.drugs:
            b.add(ai, T("drug"), b.drug(d))
        if a.size:
            b.stated(ai, "size", a.size, integer(a.size.value))
        if a.backbone:
            b.stated(ai, "backbone", a.backbone, Literal(a.backbone.value))
        for iv in a.interventions:
            ikey = iv.drug.key.lower() if iv.drug else iris.slug(iv.name.value if iv.name else iv.mention.quote)
            ii = URIRef(f"{ai}/intervention/{iris.safe(ikey)}")
            b.add(ai, T("hasIntervention"), ii)
            b.add(ii, RDF.type, _vocab_iri(T("Intervention")))
            if iv.drug:
                b.add(ii, T("drug"), b.drug(iv.drug))
            if iv.name:
                b.stated(ii, "interventionName", iv.name, Literal(iv.name.value))
            b.add(ii, T("interventionType"), _vocab_iri(iris.concept("intervention-type", iv.kind)))
            b.sentence(ii, iv.mention.start, iv.mention.end, iv.mention.quote)
            for attr, prop in (("dose_unit", "doseUnit"), ("route", "route"), ("frequency", "frequency")):
                v = getattr(iv, attr)
                if v:
                    b.stated(ii, prop, v, Literal(v.value))
            if iv.dose_amount:
                b.stated(ii, "doseAmount", iv.dose_amount, dec(iv.dose_amount.value))
            for attr, prop in (("days_on", "daysOn"), ("days_off", "daysOff"), ("cycle_days", "cycleDays")):
                v = getattr(iv, attr)
                if v:
                    b.stated(ii, prop, v, integer(v.value))
    # endpoints
    ep_iri = {e.key: URIRef(f"{t}/endpoint/{iris.safe(e.key)}") for e in rec.endpoints}
    for e in rec.endpoints:
        ei = ep_iri[e.key]
        b.add(t, T("hasEndpoint"), ei)
        b.add(ei, RDF.type, _vocab_iri(T("Endpoint")))
        if e.type:
            from trialkg.ontology.skos import pref_label

            b.add(ei, T("endpointType"), _vocab_iri(iris.concept("endpoint-type", e.type)))
            b.add(ei, RDFS.label, Literal(pref_label("endpoint-type", e.type)))
        else:
            b.add(ei, RDFS.label, Literal(e.text.value))
        if e.role:
            b.stated(ei, "role", e.role, _vocab_iri(iris.concept("endpoint-role", e.role.value)))
        if e.assessor:
            b.stated(ei, "assessor", e.assessor, _vocab_iri(iris.concept("assessor", e.assessor.value)))
    for r in rec.arm_results:
        if r.arm not in arm_iri or r.endpoint not in ep_iri:
            continue
        tp = f"/t{fmt_number(r.timepoint_months)}m" if r.timepoint_months else ""
        if r.timepoint_label:
            tp += "/" + iris.slug(r.timepoint_label)
        ri = URIRef(f"{t}/result/{iris.safe(r.arm.lower())}/{iris.safe(r.endpoint)}/{r.statistic}{tp}")
        if r.subgroup:
            ri = _in_subgroup(b, t, ri, r.subgroup)
        b.add(ri, RDF.type, _vocab_iri(T("ArmResult")))
        b.add(ri, T("arm"), arm_iri[r.arm])
        b.add(ri, T("endpoint"), ep_iri[r.endpoint])
        b.add(ri, T("statistic"), _vocab_iri(iris.concept("statistic", r.statistic)))
        b.sentence(ri, r.mention.start, r.mention.end, r.mention.quote)
        b.number(ri, "value", r.value)
        if r.unit:
            b.add(ri, T("unit"), Literal(r.unit))
        if r.timepoint_months:
            b.add(ri, T("timepointMonths"), dec(r.timepoint_months))
        if r.timepoint_label:
            b.add(ri, T("timepointLabel"), Literal(r.timepoint_label))
        b.number(ri, "percent", r.percent)
        for val, prop in ((r.sd, "standardDeviation"), (r.iqr_lower, "iqrLower"), (r.iqr_upper, "iqrUpper")):
            if val is not None:
                b.stated(ri, prop, val, dec(val.value))
        if r.n is not None:
            b.stated(ri, "analyzedCount", r.n, integer(r.n.value))
        _ci(b, ri, r.ci_lower, r.ci_upper, r.ci_level, r.ci_lower_not_estimable, r.ci_upper_not_estimable)
        for flag in r.flags:
            b.add(ri, T("qualityFlag"), Literal(flag))
    several = sum(1 for a in rec.arms if a.role != "control") >= 2
    control_key = next((a.key for a in rec.arms if a.role == "control"), None)
    for est in rec.effects:
        if est.endpoint not in ep_iri:
            continue
        xi = URIRef(f"{t}/effect/{iris.safe(est.endpoint)}/{est.statistic}")
        if several and est.experimental_arm:  # one estimate per pair of arms compared
            xi = URIRef(f"{xi}/{iris.safe(est.experimental_arm)}")
            if est.comparator_arm and est.comparator_arm != control_key:
                xi = URIRef(f"{xi}-vs-{iris.safe(est.comparator_arm)}")
        if est.subgroup:
            xi = _in_subgroup(b, t, xi, est.subgroup)
        b.add(xi, RDF.type, _vocab_iri(T("EffectEstimate")))
        b.add(xi, T("trial"), t)
        b.add(xi, T("endpoint"), ep_iri[est.endpoint])
        b.add(xi, T("statistic"), _vocab_iri(iris.concept("statistic", est.statistic)))
        b.sentence(xi, est.mention.start, est.mention.end, est.mention.quote)
        b.number(xi, "value", est.value)
        _ci(b, xi, est.ci_lower, est.ci_upper, est.ci_level, False, False)
        for flag in est.flags:
            b.add(xi, T("qualityFlag"), Literal(flag))
        if est.p_value:
            b.stated(xi, "pValue", est.p_value, dec(est.p_value.value))
            b.add(xi, T("pOperator"), Literal(est.p_operator))
            significant = significance(est.p_value.value, est.p_operator)
            if significant is not None:
                b.add(xi, T("statisticallySignificant"), Literal(significant))
        if est.sided:
            b.add(xi, T("sided"), integer(est.sided))
        if est.experimental_arm in arm_iri:
            b.add(xi, T("experimentalArm"), arm_iri[est.experimental_arm])
        if est.comparator_arm in arm_iri:
            b.add(xi, T("comparatorArm"), arm_iri[est.comparator_arm])
    for ae in rec.adverse_events:
        if ae.arm not in arm_iri:
            continue
        ni = URIRef(f"{t}/ae/{iris.safe(ae.arm.lower())}/{ae.term}/grade-{iris.grade_slug(ae.grade)}")
        b.add(ni, RDF.type, _vocab_iri(T("AdverseEventResult")))
        b.add(ni, T("arm"), arm_iri[ae.arm])
        b.add(ni, T("aeTerm"), _vocab_iri(iris.concept("adverse-event", ae.term)))
        b.add(ni, T("grade"), Literal(ae.grade))
        b.sentence(ni, ae.mention.start, ae.mention.end, ae.mention.quote)
        b.number(ni, "percent", ae.percent)
        if ae.count:
            b.stated(ni, "count", ae.count, integer(ae.count.value))
    for f in rec.arm_facts:
        if f.arm not in arm_iri:
            continue
        fi = URIRef(f"{t}/armfact/{iris.safe(f.arm.lower())}/{iris.slug(f.fact)}")
        b.add(fi, RDF.type, _vocab_iri(T("ArmFact")))
        b.add(fi, T("arm"), arm_iri[f.arm])
        b.add(fi, T("factLabel"), Literal(f.fact))
        b.sentence(fi, f.mention.start, f.mention.end, f.mention.quote)
        b.amounts(fi, f.percent, f.value, f.unit)
    for bl in rec.baseline:
        bi = URIRef(f"{t}/baseline/{iris.slug(bl.fact)}")
        b.add(t, T("hasBaseline"), bi)
        b.add(bi, RDF.type, _vocab_iri(T("BaselineCharacteristic")))
        b.add(bi, T("factLabel"), Literal(bl.fact))
        b.sentence(bi, bl.mention.start, bl.mention.end, bl.mention.quote)
        b.amounts(bi, bl.percent, bl.value, bl.unit)
    return list(b.triples), list(b.mentions)


def significance(p: float, operator: str, alpha: float = 0.05) -> bool | None:
    """Significant at alpha?  "P = .02" yes, "P = .149" no, "P < .05" yes, "P > .01" unknown (None)."""
    if operator in ("=", "<", "<="):
        return p < alpha or (operator != "=" and p <= alpha)
    return False if p >= alpha else None


def _in_subgroup(b: _Builder, t: URIRef, node: URIRef, sub: Value[str]) -> URIRef:
    """The IRI of the result ``node`` stated for the subgroup ``sub``, linked to the trial's node of that
    subgroup (made on first use)."""
    key = subgroup_key(sub.value) or sub.value.lower()
    segment = iris.safe(
        iris.slug(key.replace(">=", " ge ").replace("<=", " le ").replace(">", " gt ").replace("<", " lt "))
    )
    pi = URIRef(f"{t}/population/{segment}")
    b.add(t, T("hasSubgroup"), pi)
    b.add(pi, RDF.type, _vocab_iri(T("Population")))
    b.add(pi, T("subgroupKey"), Literal(key))
    b.stated(pi, "subgroupDefinition", sub, Literal(sub.value))
    ri = URIRef(f"{node}/in/{segment}")
    b.add(ri, T("inPopulation"), pi)
    return ri


def _ci(
    b: _Builder,
    node: URIRef,
    lo: Value[float] | None,
    hi: Value[float] | None,
    level: float | None,
    lo_ne: bool,
    hi_ne: bool,
) -> None:
    if lo:
        b.stated(node, "ciLower", lo, dec(lo.value))
    if hi:
        b.stated(node, "ciUpper", hi, dec(hi.value))
    if level and (lo or hi):
        b.add(node, T("ciLevel"), dec(level))
    if lo_ne:
        b.add(node, T("ciLowerNotEstimable"), Literal(True))
    if hi_ne:
        b.add(node, T("ciUpperNotEstimable"), Literal(True))

"""Facts of a ClinicalTrials.gov record (``Document.data``): identity, design, arms with their
interventions, outcome measures, and posted results (per-group values, analyses).

Structured sources are read by this extractor only (``STRUCTURED``); every value is quoted from the
rendered record, so its Mention carries the JSON path it came from.
"""

from __future__ import annotations

import re
from typing import Any

from trialkg.ingest.document import Document
from trialkg.ingest.extract._groups import kind_of
from trialkg.ingest.extract.endpoints import endpoint_for
from trialkg.ingest.lexicon import resolve_drug
from trialkg.ingest.records import (
    Arm,
    ArmResult,
    DrugRef,
    EffectEstimate,
    Endpoint,
    Intervention,
    Mention,
    TrialRecord,
    Value,
)
from trialkg.ingest.text import decimals_of, mention
from trialkg.ontology import skos

STRUCTURED = True

_PHASES = {"PHASE1": "1", "PHASE2": "2", "PHASE3": "3", "PHASE4": "4", "EARLY_PHASE1": "1"}
_CONTROL_TYPES = {"ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION"}
_IV_TYPES = {
    "DRUG": "drug",
    "BIOLOGICAL": "biological",
    "PROCEDURE": "procedure",
    "BEHAVIORAL": "behavioral",
    "DEVICE": "device",
    "DIETARY_SUPPLEMENT": "dietary-supplement",
    "RADIATION": "radiation",
    "GENETIC": "genetic",
    "DIAGNOSTIC_TEST": "diagnostic-test",
    "COMBINATION_PRODUCT": "combination-product",
    "OTHER": "other",
}
_PARAM_STAT = {"MEDIAN": "median", "MEAN": "mean", "COUNT_OF_PARTICIPANTS": "count", "NUMBER": "count"}
_EFFECT_STAT = {"Hazard Ratio (HR)": "hazard-ratio", "Odds Ratio (OR)": "odds-ratio", "Risk Ratio (RR)": "risk-ratio"}


class _Quotes:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.spans = {path: (s, e) for s, e, path in doc.data_paths}

    def at(self, path: str) -> Mention | None:
        span = self.spans.get(path)
        return mention(self.doc, *span) if span else None

    def value(self, path: str, v: Any) -> Value[Any] | None:
        m = self.at(path)
        return Value(v, m) if m is not None else None

    def number(self, path: str) -> Value[float] | None:
        m = self.at(path)
        if m is None:
            return None
        try:
            x = float(m.quote.replace(",", ""))
        except ValueError:
            return None  # "NA", "Not reached"
        return Value(x, m, decimals=decimals_of(m.quote))


def _drug_refs(names: list[str]) -> list[DrugRef]:
    refs: list[DrugRef] = []
    for name in names:
        ref = resolve_drug(name)
        if ref is not None and all(r.key != ref.key for r in refs):
            refs.append(ref)
    return refs


def _arms(q: _Quotes, ps: dict[str, Any], rec: TrialRecord) -> dict[str, str]:
    """Arms keyed like the publications' (distinguishing drugs, or "control"); label -> key."""
    module = ps.get("armsInterventionsModule") or {}
    groups = module.get("armGroups") or []
    ivs: dict[str, dict[str, Any]] = {str(iv.get("name")): iv for iv in module.get("interventions") or []}
    drug_sets = []
    for g in groups:
        names = [n.split(":", 1)[-1].strip() for n in g.get("interventionNames") or []]
        drug_sets.append(_drug_refs(names))
    common = set.intersection(*({r.key for r in refs} for refs in drug_sets)) if drug_sets else set()
    keys: dict[str, str] = {}
    for i, g in enumerate(groups):
        base = f"protocolSection.armsInterventionsModule.armGroups[{i}]"
        label = q.value(f"{base}.label", g.get("label"))
        if label is None:
            continue
        control = g.get("type") in _CONTROL_TYPES
        own = [r for r in drug_sets[i] if r.key not in common]
        key = "control" if control or not own else "+".join(r.key for r in own)
        if any(a.key == key for a in rec.arms):
            key = f"{key}-{i}"
        arm = Arm(key=key, role="control" if control else "experimental", label=label, drugs=own)
        for j, full in enumerate(g.get("interventionNames") or []):
            name = full.split(":", 1)[-1].strip()
            where = q.at(f"{base}.interventionNames[{j}]") or label.mention
            iv = ivs.get(name, {})
            kind = _IV_TYPES.get(str(iv.get("type") or full.split(":", 1)[0]).upper().replace(" ", "_"), "other")
            ref = resolve_drug(name) if kind in ("drug", "biological") else None
            if kind == "other":
                kind = kind_of(name, ref is not None)
            if ref is not None:
                arm.interventions.append(Intervention(ref, where, kind=kind))
            else:
                arm.interventions.append(Intervention(None, where, kind=kind, name=Value(name, where)))
        rec.arms.append(arm)
        keys[str(g.get("label"))] = key
    return keys


def _results(q: _Quotes, study: dict[str, Any], rec: TrialRecord, arm_keys: dict[str, str]) -> None:
    rs = study.get("resultsSection") or {}
    bl = rs.get("baselineCharacteristicsModule") or {}
    bl_arm = {g.get("id"): arm_keys.get(str(g.get("title"))) for g in bl.get("groups") or []}
    for i, d in enumerate(bl.get("denoms") or []):
        for j, c in enumerate(d.get("counts") or []):
            arm = rec.arm(bl_arm.get(c.get("groupId")) or "")
            v = q.number(f"resultsSection.baselineCharacteristicsModule.denoms[{i}].counts[{j}].value")
            if arm is not None and arm.size is None and v is not None:
                arm.size = Value(int(v.value), v.mention)
    om = rs.get("outcomeMeasuresModule") or {}
    for i, o in enumerate(om.get("outcomeMeasures") or []):
        ob = f"resultsSection.outcomeMeasuresModule.outcomeMeasures[{i}]"
        title = q.value(f"{ob}.title", o.get("title"))
        if title is None:
            continue
        ep = _endpoint(rec, title)
        group_arm = {}
        for g in o.get("groups") or []:
            title_text = str(g.get("title") or "")
            key = arm_keys.get(title_text) or next(
                (k for lbl, k in arm_keys.items() if lbl.lower() in title_text.lower()), None
            )
            if key:
                group_arm[g.get("id")] = key
        analysed: dict[str, Value[int]] = {}
        for j, d in enumerate(o.get("denoms") or []):
            for k, c in enumerate(d.get("counts") or []):
                v = q.number(f"{ob}.denoms[{j}].counts[{k}].value")
                if v is not None:
                    analysed[c.get("groupId")] = Value(int(v.value), v.mention)
        statistic = _PARAM_STAT.get(str(o.get("paramType")))
        unit = str(o.get("unitOfMeasure") or "").lower() or None
        for j, cl in enumerate(o.get("classes") or []):
            if j > 0:
                break  # one class (the whole population); subgroups are not modelled
            for k, cat in enumerate(cl.get("categories") or []):
                if k > 0:
                    break
                for m, meas in enumerate(cat.get("measurements") or []):
                    arm_key = group_arm.get(meas.get("groupId"))
                    mb = f"{ob}.classes[{j}].categories[{k}].measurements[{m}]"
                    value = q.number(f"{mb}.value")
                    if arm_key is None or statistic is None or value is None:
                        continue
                    r = ArmResult(arm_key, ep.key, statistic, value, _unit(unit), value.mention)
                    r.n = analysed.get(meas.get("groupId"))
                    dispersion = str(o.get("dispersionType") or "").upper()
                    spread = q.number(f"{mb}.spread")
                    lo, hi = q.number(f"{mb}.lowerLimit"), q.number(f"{mb}.upperLimit")
                    if spread is not None and dispersion.startswith("STANDARD_DEVIATION"):
                        r.sd = spread
                    if lo is not None and hi is not None and "CONFIDENCE" in dispersion:
                        r.ci_lower, r.ci_upper = lo, hi
                        level = re.search(r"(\d+)", dispersion)  # CONFIDENCE_95, CONFIDENCE_975 (97.5)
                        digits = level.group(1) if level else "95"
                        r.ci_level = float(digits) / (10 if len(digits) == 3 else 1)
                    elif lo is not None and hi is not None and dispersion == "INTER_QUARTILE_RANGE":
                        r.iqr_lower, r.iqr_upper = lo, hi
                    if r.ci_lower is None and "CONFIDENCE" in dispersion and hi is None and lo is not None:
                        r.ci_lower = lo
                        r.ci_upper_not_estimable = True
                    rec.arm_results.append(r)
        for j, a in enumerate(o.get("analyses") or []):
            ab = f"{ob}.analyses[{j}]"
            stat = _EFFECT_STAT.get(str(a.get("paramType")))
            value = q.number(f"{ab}.paramValue")
            if stat is None or value is None:
                continue
            est = EffectEstimate(ep.key, stat, value, value.mention)
            est.ci_lower, est.ci_upper = q.number(f"{ab}.ciLowerLimit"), q.number(f"{ab}.ciUpperLimit")
            pct = q.number(f"{ab}.ciPctValue")
            est.ci_level = pct.value if pct else None
            p_text = q.at(f"{ab}.pValue")
            if p_text is not None:
                pm = re.match(r"^\s*([<>]=?|=)?\s*(\d*\.\d+|\d+)", p_text.quote)
                if pm:
                    est.p_operator = pm.group(1) or "="
                    est.p_value = Value(float(pm.group(2)), p_text, decimals=decimals_of(pm.group(2)))
            ids = [group_arm.get(g) for g in a.get("groupIds") or []]
            exp = [k for k in ids if k and k != "control"]
            est.experimental_arm = exp[0] if exp else None
            est.comparator_arm = "control" if "control" in ids else None
            rec.effects.append(est)


def _unit(unit: str | None) -> str | None:
    if not unit:
        return None
    if "month" in unit:
        return "months"
    if "percent" in unit or unit == "%":
        return "percent"
    return None


def _endpoint(rec: TrialRecord, text: Value[str]) -> Endpoint:
    """The record's endpoint for a registry outcome title, typed when the title names a known endpoint."""
    hits = skos.find("endpoint-type", str(text.value))
    return endpoint_for(rec, hits[0][2] if hits else None, text)


def extract(doc: Document, rec: TrialRecord) -> None:
    study = doc.data
    if study is None:
        return
    q = _Quotes(doc)
    ps = study.get("protocolSection") or {}
    nct = q.value("protocolSection.identificationModule.nctId", doc.metadata.nct_ids[0])
    if nct is not None:
        rec.nct_ids.append(nct)
    ident = ps.get("identificationModule") or {}
    if ident.get("acronym"):
        acronym = q.value("protocolSection.identificationModule.acronym", str(ident["acronym"]).strip())
        if acronym is not None:
            rec.acronyms.append(acronym)
    design = ps.get("designModule") or {}
    phases = [_PHASES[p] for p in design.get("phases") or [] if p in _PHASES]
    if phases:
        m = q.at("protocolSection.designModule.phases[0]")
        if m is not None:
            rec.phase = Value("/".join(phases), m)
    info = design.get("designInfo") or {}
    if info.get("allocation") == "RANDOMIZED":
        v = q.value("protocolSection.designModule.designInfo.allocation", "randomized")
        if v is not None:
            rec.design_features.append(v)
    if info.get("interventionModel") == "PARALLEL":
        v = q.value("protocolSection.designModule.designInfo.interventionModel", "parallel-group")
        if v is not None:
            rec.design_features.append(v)
    masking = str((info.get("maskingInfo") or {}).get("masking") or "")
    masked = {"NONE": "open-label", "SINGLE": "single-blind", "DOUBLE": "double-blind"}.get(masking)
    if masked:
        v = q.value("protocolSection.designModule.designInfo.maskingInfo.masking", masked)
        if v is not None:
            rec.design_features.append(v)
    enrol = design.get("enrollmentInfo") or {}
    if info.get("allocation") == "RANDOMIZED" and enrol.get("type") == "ACTUAL":
        n = q.number("protocolSection.designModule.enrollmentInfo.count")
        if n is not None:
            rec.randomized_count = Value(int(n.value), n.mention)
    sponsor = (ps.get("sponsorCollaboratorsModule") or {}).get("leadSponsor") or {}
    if sponsor.get("name"):
        v = q.value("protocolSection.sponsorCollaboratorsModule.leadSponsor.name", sponsor["name"])
        if v is not None:
            rec.funders.append(v)
    arm_keys = _arms(q, ps, rec)
    outcomes = ps.get("outcomesModule") or {}
    for role in ("primary", "secondary"):
        for i, o in enumerate(outcomes.get(f"{role}Outcomes") or []):
            text = q.value(f"protocolSection.outcomesModule.{role}Outcomes[{i}].measure", o.get("measure"))
            if text is None:
                continue
            ep = _endpoint(rec, text)
            if ep.role is None:
                ep.role = Value(role, text.mention)
    if study.get("hasResults"):
        _results(q, study, rec, arm_keys)

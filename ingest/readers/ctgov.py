"""ClinicalTrials.gov API v2 study JSON reader.

The record is kept as parsed data (``Document.data``) for the registry extractor, and rendered as
text, one "Field: value" line per field, so every registry fact has a quote with offsets like any
other source; ``Document.data_paths`` maps each rendered span to its JSON path (the Mentions in the
graph carry it as tkg:registryPath).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from trialkg.ingest.document import Document, Metadata, Section
from trialkg.ingest.errors import RejectedDocument
from trialkg.ingest.readers._bytes import decode_text


def accepts(head: bytes) -> bool:
    return b'"protocolSection"' in head or b'"nctId"' in head


class _Render:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.paths: list[tuple[int, int, str]] = []
        self.sections: list[Section] = []
        self._section: tuple[str, int, str] | None = None

    def section(self, title: str, kind: str) -> None:
        self.close()
        self._section = (title, self.pos, kind)
        self.line(title)

    def close(self) -> None:
        if self._section and self.pos > self._section[1]:
            self.sections.append(Section(self._section[0], self._section[1], self.pos, self._section[2]))
        self._section = None

    def line(self, text: str) -> None:
        text = " ".join(text.split())
        self.parts.append(text + "\n")
        self.pos += len(text) + 1

    def field(self, label: str, value: Any, path: str) -> None:
        """A "label: value" line; the value's span is recorded with its JSON path."""
        if value is None or value == "" or value == []:
            return
        text = " ".join(str(value).split())
        head = f"{label}: " if label else ""
        start = self.pos + len(head)
        self.line(head + text)
        self.paths.append((start, start + len(text), path))


def studies_in(parsed: Any) -> list[Any]:
    """The study records of parsed JSON: an API v2 page's ``studies``, a list of studies, or one study."""
    if isinstance(parsed, dict) and isinstance(parsed.get("studies"), list):
        return list(parsed["studies"])
    return list(parsed) if isinstance(parsed, list) else [parsed]


def json_at(d: Any, *keys: str | int) -> Any:
    """The value at a path of keys and list indexes into parsed JSON, or None where it breaks off."""
    for k in keys:
        if isinstance(k, int):
            if not isinstance(d, list) or k >= len(d):
                return None
            d = d[k]
        else:
            if not isinstance(d, dict):
                return None
            d = d.get(k)
    return d


def render(study: dict[str, Any]) -> _Render:
    r = _Render()
    ps = "protocolSection"
    ident = json_at(study, ps, "identificationModule") or {}
    r.section("Identification", "registration")
    r.field("NCT number", ident.get("nctId"), f"{ps}.identificationModule.nctId")
    r.field("Acronym", ident.get("acronym"), f"{ps}.identificationModule.acronym")
    r.field("Brief title", ident.get("briefTitle"), f"{ps}.identificationModule.briefTitle")
    r.field("Official title", ident.get("officialTitle"), f"{ps}.identificationModule.officialTitle")
    status = json_at(study, ps, "statusModule") or {}
    r.field("Overall status", status.get("overallStatus"), f"{ps}.statusModule.overallStatus")
    r.field("Start date", json_at(status, "startDateStruct", "date"), f"{ps}.statusModule.startDateStruct.date")
    r.field(
        "Primary completion date",
        json_at(status, "primaryCompletionDateStruct", "date"),
        f"{ps}.statusModule.primaryCompletionDateStruct.date",
    )
    sponsor = json_at(study, ps, "sponsorCollaboratorsModule") or {}
    r.field(
        "Lead sponsor", json_at(sponsor, "leadSponsor", "name"), f"{ps}.sponsorCollaboratorsModule.leadSponsor.name"
    )
    for i, c in enumerate(sponsor.get("collaborators") or []):
        r.field("Collaborator", c.get("name"), f"{ps}.sponsorCollaboratorsModule.collaborators[{i}].name")
    cond = json_at(study, ps, "conditionsModule") or {}
    for i, c in enumerate(cond.get("conditions") or []):
        r.field("Condition", c, f"{ps}.conditionsModule.conditions[{i}]")
    design = json_at(study, ps, "designModule") or {}
    r.section("Design", "methods")
    r.field("Study type", design.get("studyType"), f"{ps}.designModule.studyType")
    for i, p in enumerate(design.get("phases") or []):
        r.field("Phase", p, f"{ps}.designModule.phases[{i}]")
    info = design.get("designInfo") or {}
    r.field("Allocation", info.get("allocation"), f"{ps}.designModule.designInfo.allocation")
    r.field("Intervention model", info.get("interventionModel"), f"{ps}.designModule.designInfo.interventionModel")
    r.field("Masking", json_at(info, "maskingInfo", "masking"), f"{ps}.designModule.designInfo.maskingInfo.masking")
    r.field("Enrollment", json_at(design, "enrollmentInfo", "count"), f"{ps}.designModule.enrollmentInfo.count")
    r.field("Enrollment type", json_at(design, "enrollmentInfo", "type"), f"{ps}.designModule.enrollmentInfo.type")
    arms = json_at(study, ps, "armsInterventionsModule") or {}
    r.section("Arms and interventions", "methods")
    for i, g in enumerate(arms.get("armGroups") or []):
        base = f"{ps}.armsInterventionsModule.armGroups[{i}]"
        r.field("Arm", g.get("label"), f"{base}.label")
        r.field("Arm type", g.get("type"), f"{base}.type")
        r.field("Arm description", g.get("description"), f"{base}.description")
        for j, name in enumerate(g.get("interventionNames") or []):
            r.field("Arm intervention", name, f"{base}.interventionNames[{j}]")
    for i, iv in enumerate(arms.get("interventions") or []):
        base = f"{ps}.armsInterventionsModule.interventions[{i}]"
        r.field("Intervention", iv.get("name"), f"{base}.name")
        r.field("Intervention type", iv.get("type"), f"{base}.type")
        for j, other in enumerate(iv.get("otherNames") or []):
            r.field("Other name", other, f"{base}.otherNames[{j}]")
    outcomes = json_at(study, ps, "outcomesModule") or {}
    r.section("Outcome measures", "methods")
    for role in ("primary", "secondary"):
        for i, o in enumerate(outcomes.get(f"{role}Outcomes") or []):
            base = f"{ps}.outcomesModule.{role}Outcomes[{i}]"
            r.field(f"{role.title()} outcome", o.get("measure"), f"{base}.measure")
            r.field("Time frame", o.get("timeFrame"), f"{base}.timeFrame")
    elig = json_at(study, ps, "eligibilityModule") or {}
    r.section("Eligibility", "methods")
    r.field("Eligibility criteria", elig.get("eligibilityCriteria"), f"{ps}.eligibilityModule.eligibilityCriteria")
    r.field("Sex", elig.get("sex"), f"{ps}.eligibilityModule.sex")
    rs = study.get("resultsSection") or {}
    if study.get("hasResults") and rs:
        r.section("Results", "results")
        _render_results(r, rs)
    r.close()
    return r


def _render_results(r: _Render, rs: dict[str, Any]) -> None:
    base = "resultsSection.baselineCharacteristicsModule"
    bl = rs.get("baselineCharacteristicsModule") or {}
    for i, g in enumerate(bl.get("groups") or []):
        r.field("Baseline group", f"{g.get('id')} {g.get('title')}", f"{base}.groups[{i}]")
    for i, d in enumerate(bl.get("denoms") or []):
        for j, c in enumerate(d.get("counts") or []):
            r.field(
                f"Baseline {d.get('units', 'participants')} {c.get('groupId')}",
                c.get("value"),
                f"{base}.denoms[{i}].counts[{j}].value",
            )
    om = rs.get("outcomeMeasuresModule") or {}
    for i, o in enumerate(om.get("outcomeMeasures") or []):
        ob = f"resultsSection.outcomeMeasuresModule.outcomeMeasures[{i}]"
        r.field("Outcome measure", o.get("title"), f"{ob}.title")
        r.field("Outcome type", o.get("type"), f"{ob}.type")
        r.field("Parameter", o.get("paramType"), f"{ob}.paramType")
        r.field("Dispersion", o.get("dispersionType"), f"{ob}.dispersionType")
        r.field("Unit", o.get("unitOfMeasure"), f"{ob}.unitOfMeasure")
        for j, g in enumerate(o.get("groups") or []):
            r.field("Group", f"{g.get('id')} {g.get('title')}", f"{ob}.groups[{j}]")
        for j, d in enumerate(o.get("denoms") or []):
            for k, c in enumerate(d.get("counts") or []):
                r.field(f"Analyzed {c.get('groupId')}", c.get("value"), f"{ob}.denoms[{j}].counts[{k}].value")
        for j, cl in enumerate(o.get("classes") or []):
            for k, cat in enumerate(cl.get("categories") or []):
                for m, meas in enumerate(cat.get("measurements") or []):
                    mb = f"{ob}.classes[{j}].categories[{k}].measurements[{m}]"
                    gid = meas.get("groupId")
                    r.field(f"Value {gid}", meas.get("value"), f"{mb}.value")
                    r.field(f"Spread {gid}", meas.get("spread"), f"{mb}.spread")
                    r.field(f"Lower limit {gid}", meas.get("lowerLimit"), f"{mb}.lowerLimit")
                    r.field(f"Upper limit {gid}", meas.get("upperLimit"), f"{mb}.upperLimit")
        for j, a in enumerate(o.get("analyses") or []):
            ab = f"{ob}.analyses[{j}]"
            r.field("Analysis groups", " vs ".join(a.get("groupIds") or []), f"{ab}.groupIds")
            r.field("Statistical method", a.get("statisticalMethod"), f"{ab}.statisticalMethod")
            r.field("Parameter type", a.get("paramType"), f"{ab}.paramType")
            r.field("Estimate", a.get("paramValue"), f"{ab}.paramValue")
            r.field("CI percent", a.get("ciPctValue"), f"{ab}.ciPctValue")
            r.field("CI lower", a.get("ciLowerLimit"), f"{ab}.ciLowerLimit")
            r.field("CI upper", a.get("ciUpperLimit"), f"{ab}.ciUpperLimit")
            r.field("P value", a.get("pValue"), f"{ab}.pValue")


def read(data: bytes, path: str) -> Document:
    text = decode_text(data)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as e:
        raise RejectedDocument(f"malformed JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise RejectedDocument("malformed JSON: nested too deeply to be a study record") from None
    studies = studies_in(parsed)
    if len(studies) != 1:
        raise RejectedDocument(
            f"the JSON holds {len(studies)} studies; one study per file is read "
            "(trialkg split cuts an API page into one file per study, as trialkg fetch saves them)"
        )
    parsed = studies[0]
    if not isinstance(parsed, dict) or not isinstance(parsed.get("protocolSection"), dict):
        raise RejectedDocument("not a ClinicalTrials.gov API v2 study (no protocolSection)")
    nct = json_at(parsed, "protocolSection", "identificationModule", "nctId")
    if not isinstance(nct, str) or not nct.startswith("NCT"):
        raise RejectedDocument("the study record has no NCT number (protocolSection.identificationModule.nctId)")
    r = render(parsed)
    ident = parsed["protocolSection"]["identificationModule"]
    md = Metadata(
        title=ident.get("officialTitle") or ident.get("briefTitle"),
        url=f"https://clinicaltrials.gov/study/{nct}",
        source_type="registry",
        nct_ids=[nct],
    )
    last = json_at(parsed, "protocolSection", "statusModule", "lastUpdatePostDateStruct", "date")
    if isinstance(last, str) and len(last) in (4, 7, 10):
        md.date = last
    return Document(
        text="".join(r.parts),
        metadata=md,
        sections=r.sections,
        path=path,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        data=parsed,
        data_paths=r.paths,
    )

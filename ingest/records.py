"""Typed records the extractors produce.  Every value carries the Mention that stated it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Mention:
    """An exact quote and its character span in the normalized document text."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Value(Generic[T]):
    value: T
    mention: Mention
    approximate: bool = False  # "nearly 80%", "about 10 months"
    decimals: int | None = None  # decimals as written ("0.80" -> 2), to tell rounding from disagreement


@dataclass(frozen=True)
class DrugRef:
    """A drug or drug class resolved to identifiers (DrugBank for drugs, MeSH where known)."""

    label: str
    drugbank_id: str | None = None
    mesh_id: str | None = None
    is_class: bool = False

    @property
    def key(self) -> str:
        if self.drugbank_id:
            return self.drugbank_id
        if self.mesh_id:
            return "mesh-" + self.mesh_id
        return "name-" + "-".join(self.label.lower().split())


@dataclass
class Intervention:
    """A drug with dose and schedule, or (``drug`` None) a named procedure, device, programme or placebo."""

    drug: DrugRef | None
    mention: Mention
    kind: str = "drug"  # intervention-type notation
    name: Value[str] | None = None
    dose_amount: Value[float] | None = None
    dose_unit: Value[str] | None = None
    route: Value[str] | None = None
    frequency: Value[str] | None = None
    days_on: Value[int] | None = None
    days_off: Value[int] | None = None
    cycle_days: Value[int] | None = None


@dataclass
class Arm:
    key: str  # "control" or the distinguishing drugs, e.g. "DB09073"
    role: str  # experimental | control
    label: Value[str]
    drugs: list[DrugRef] = field(default_factory=list)  # the drugs that distinguish this arm
    size: Value[int] | None = None
    backbone: Value[str] | None = None  # therapy given in every arm ("maintenance endocrine therapy")
    interventions: list[Intervention] = field(default_factory=list)
    # the dose that tells this arm from other arms of the same drugs ("camizestrant 75 mg"): amount, unit
    level: tuple[float, str] | None = None
    # names the document defines for this arm and uses for it later ("the control arm (PC)")
    short_names: tuple[str, ...] = ()


@dataclass
class Endpoint:
    key: str  # endpoint type notation ("progression-free-survival") or a slug of the text
    type: str | None  # SKOS notation, None when unknown
    text: Value[str]
    role: Value[str] | None = None  # primary | secondary | exploratory
    assessor: Value[str] | None = None  # investigator | independent-central-review | ...


@dataclass
class ArmResult:
    arm: str
    endpoint: str
    statistic: str  # median | mean | rate | count
    value: Value[float]
    unit: str | None
    mention: Mention
    ci_lower: Value[float] | None = None
    ci_upper: Value[float] | None = None
    ci_level: float | None = None
    ci_upper_not_estimable: bool = False
    ci_lower_not_estimable: bool = False
    timepoint_months: float | None = None
    timepoint_label: str | None = None  # "Week 12", "Post-test" (a table column)
    sd: Value[float] | None = None
    n: Value[int] | None = None  # participants analysed
    percent: Value[float] | None = None  # with a count: events as a share of n
    iqr_lower: Value[float] | None = None
    iqr_upper: Value[float] | None = None
    flags: list[str] = field(default_factory=list)  # quality flags (ingest/extract/_consistency.py)
    subgroup: Value[str] | None = None  # the biomarker-defined subgroup it is stated for; None: everyone


@dataclass
class EffectEstimate:
    endpoint: str
    statistic: str  # hazard-ratio | odds-ratio | risk-ratio | difference
    value: Value[float]
    mention: Mention
    ci_lower: Value[float] | None = None
    ci_upper: Value[float] | None = None
    ci_level: float | None = None
    p_value: Value[float] | None = None
    p_operator: str = "="  # = | < | <= | >
    sided: int | None = None
    experimental_arm: str | None = None
    comparator_arm: str | None = None
    flags: list[str] = field(default_factory=list)  # quality flags (ingest/extract/_consistency.py)
    subgroup: Value[str] | None = None  # the biomarker-defined subgroup it is stated for; None: everyone


@dataclass
class AdverseEvent:
    arm: str
    term: str  # SKOS notation of the term or a slug of the text
    grade: str  # any | 1..5 | >=2 | >=3 ...
    mention: Mention
    percent: Value[float] | None = None
    count: Value[int] | None = None


@dataclass
class ArmFact:
    """Treatment-exposure facts per arm: dose reductions, discontinuations, time to reduction."""

    arm: str
    fact: str
    mention: Mention
    percent: Value[float] | None = None
    value: Value[float] | None = None
    unit: str | None = None


@dataclass
class BaselineFact:
    fact: str
    mention: Mention
    percent: Value[float] | None = None
    value: Value[float] | None = None
    unit: str | None = None
    arm: str | None = None


@dataclass
class Citation:
    """A publication a document cites (references list, "Source:" block)."""

    mention: Mention
    doi: str | None = None
    title: str | None = None
    journal: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    first_author: str | None = None
    pmid: str | None = None


@dataclass
class TrialRecord:
    """Everything the extractors found in one document about the one trial it reports."""

    nct_ids: list[Value[str]] = field(default_factory=list)
    acronyms: list[Value[str]] = field(default_factory=list)
    phase: Value[str] | None = None
    design_features: list[Value[str]] = field(default_factory=list)
    allocation_ratio: Value[str] | None = None
    randomized_count: Value[int] | None = None
    site_count: Value[int] | None = None
    country_count: Value[int] | None = None
    median_follow_up_months: Value[float] | None = None
    enrollment_start: Value[str] | None = None
    enrollment_end: Value[str] | None = None
    stratification_factors: list[Value[str]] = field(default_factory=list)
    funders: list[Value[str]] = field(default_factory=list)
    # population
    condition: Value[str] | None = None
    hr_status: Value[str] | None = None
    her2_status: Value[str] | None = None
    er_status: Value[str] | None = None
    pr_status: Value[str] | None = None
    stage: Value[str] | None = None
    line_of_therapy: Value[str] | None = None
    setting: Value[str] | None = None
    menopausal_status: Value[str] | None = None
    prior_therapies: list[Value[str]] = field(default_factory=list)
    # interventions and outcomes
    drugs_mentioned: list[Value[DrugRef]] = field(default_factory=list)
    arms: list[Arm] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    arm_results: list[ArmResult] = field(default_factory=list)
    effects: list[EffectEstimate] = field(default_factory=list)
    adverse_events: list[AdverseEvent] = field(default_factory=list)
    arm_facts: list[ArmFact] = field(default_factory=list)
    baseline: list[BaselineFact] = field(default_factory=list)
    # links to other publications and clues to the trial's identity when no id is stated
    citations: list[Citation] = field(default_factory=list)
    cited_journal: str | None = None  # "published in the Jan. 29 issue of the NEJM"
    cited_issue_date: str | None = None  # MM-DD or YYYY-MM-DD

    def arm(self, key: str) -> Arm | None:
        return next((a for a in self.arms if a.key == key), None)

    def endpoint(self, key: str) -> Endpoint | None:
        return next((e for e in self.endpoints if e.key == key), None)

    @property
    def has_trial_content(self) -> bool:
        return bool(
            self.nct_ids
            or self.acronyms
            or self.arms
            or self.arm_results
            or self.effects
            or self.randomized_count
            or self.phase
            or any(
                v.value in ("randomized", "placebo-controlled", "double-blind", "parallel-group")
                for v in self.design_features
            )
        )

"""Check one return with the ETL's own rules, and point every finding at its sheet and cell.

In order: the file itself (etl.returns.safety), the template and whose it is, the workbook's shape
(etl.returns.layout), each cell, each sheet against the contract's schema (etl.validation.validate), the returns'
own rules (etl.returns.rules), then the cross-file rules of `vru-etl run` (etl.validation.rulebook) on the VRU's
extracts with the return's rows in place of what they replace. A finding of those rules on a row that is not the
return's, or on a column the provider does not fill, is the VRU's to act on and is left out.

Errors block the return. A warning is accepted when the provider explained it in the row's notes, and otherwise is
reported with the return (which is then "accepted with warnings").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.contract.extracts import BY_NAME
from etl.returns import csvfile, expected, layout, rules, safety, sheets, workbook
from etl.returns.context import Context
from etl.returns.layout import SheetFrame
from etl.validation import rulebook
from etl.validation.findings import ERROR, WARNING, Finding
from etl.validation.validate import validate_extract

# The index of the VRU's own rows in the frames the cross-file rules see: far above any sheet row, so that a finding
# on one of them is known not to be the return's.
CONTEXT_INDEX = 10**9
ACCEPTED = "accepted"
ACCEPTED_WITH_WARNINGS = "accepted with warnings"
REFUSED = "refused"


@dataclass
class CheckResult:
    file: str
    path: Path
    digest: str
    received: dt.datetime
    findings: list[Finding] = field(default_factory=list)
    identity: dict[str, str] | None = None
    frames: dict[str, SheetFrame] = field(default_factory=dict)
    read: workbook.ReadReturn | None = None
    obligation: expected.Obligation | None = None

    @property
    def provider_id(self) -> str | None:
        return (self.identity or {}).get("provider_id")

    @property
    def period(self) -> str | None:
        return (self.identity or {}).get("period")

    def note(self, f: Finding) -> str | None:
        """The provider's explanation on the finding's row."""
        for frame in self.frames.values():
            if frame.sheet.name == f.sheet and f.row is not None:
                return frame.notes.get(f.row)
        return None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def unexplained_warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING and not self.note(f)]

    @property
    def outcome(self) -> str:
        if self.errors:
            return REFUSED
        return ACCEPTED_WITH_WARNINGS if self.unexplained_warnings else ACCEPTED

    def status(self, f: Finding) -> str:
        """What becomes of one finding: it blocks the return, is explained, or is reported with it."""
        if f.severity == ERROR:
            return "blocks the return"
        return "explained" if self.note(f) else "reported"


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _refusal(name: str, refused: safety.Refused) -> Finding:
    if isinstance(refused, csvfile.EncodingProblem):
        cell = sheets.cell_name(column=refused.column, row=refused.row)
        return Finding(name, refused.row, None, refused.found, refused.expected, refused.rule, sheet=name, cell=cell)
    return Finding(name, None, None, refused.found, refused.expected, refused.rule)


def _full_frame(frame: SheetFrame, ctx: Context) -> pd.DataFrame:
    """The sheet's rows with every contract column; a register record's other columns come from the register."""
    contract = BY_NAME[frame.sheet.extract]
    if frame.sheet is not sheets.SERVICES:
        return frame.frame[contract.columns]
    register = ctx.raw["services"].drop_duplicates("service_id").set_index("service_id")
    known = frame.frame[frame.frame["service_id"].isin(register.index)]  # others: rules.service_not_theirs
    full = register.loc[known["service_id"]].reset_index()
    full.index = known.index
    for column in sheets.SERVICE_DETAILS:
        full[column] = known[column]
    return full[contract.columns]


def _locate(f: Finding, result: CheckResult, by_file: dict[str, SheetFrame]) -> Finding | None:
    """The finding at its sheet and cell, or None when it is not about a cell the provider filled."""
    frame = by_file.get(f.file)
    if frame is None or f.row is None or f.row - 2 >= CONTEXT_INDEX:
        return None
    column = (f.column or "").split(" + ")[0]
    cell = frame.cell(column=column, row=f.row)
    if cell is None:
        return None
    return dataclasses.replace(f, file=result.file, sheet=frame.sheet.name, cell=cell, provider_id=result.provider_id)


def _context_rows(frame: pd.DataFrame, keep: pd.Series | None = None) -> pd.DataFrame:
    rows = frame if keep is None else frame[keep.to_numpy()]
    return rows.set_axis(pd.RangeIndex(CONTEXT_INDEX, CONTEXT_INDEX + len(rows)))


def latest_review_ratings(services: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The register's latest rating and value are its most recent review's (as etl.validation.review_rules holds)."""
    if reviews.empty:
        return services
    latest = reviews.sort_values("period").drop_duplicates("service_id", keep="last").set_index("service_id")
    out = services.copy()
    has = out["service_id"].isin(latest.index)
    for column in ("rag_rating", "performance_value"):
        out.loc[has, column] = out.loc[has, "service_id"].map(latest[column])
    return out


def merged_frames(
    ctx: Context, typed: dict[str, pd.DataFrame], obligation: expected.Obligation
) -> dict[str, pd.DataFrame]:
    """The VRU's extracts as the cross-file rules need them for this return: the reference tables whole, the
    provider's own register records, sites and reviews with the return's rows in place of those they replace, and the
    return's KPI values and referrals (no rule on them reads another provider's rows)."""
    t = ctx.typed
    merged = {name: _context_rows(t[name]) for name in ("providers", "programmes", "kpi_definitions")}
    m = t["kpi_measurements"]
    merged["kpi_measurements"] = typed.get("kpi_measurements", m.iloc[:0])
    own = set(t["services"].loc[t["services"]["provider_id"] == obligation.provider_id, "service_id"])
    sites = t["service_sites"]
    kept_sites = sites["service_id"].isin(own - set(obligation.services))
    merged["service_sites"] = pd.concat([_context_rows(sites, kept_sites), typed.get("service_sites", sites.iloc[:0])])
    reviews = t["service_reviews"]
    half = expected.half_ending(obligation.period)
    returned = {r["service_id"] for r in obligation.rows.get("Reviews", [])}
    kept_reviews = reviews["service_id"].isin(own) & ~(
        reviews["service_id"].isin(returned) & (reviews["period"] == half)
    )
    merged["service_reviews"] = pd.concat(
        [_context_rows(reviews, kept_reviews), typed.get("service_reviews", reviews.iloc[:0])]
    )
    services = _context_rows(t["services"], t["services"]["service_id"].isin(own))
    if "services" in typed:
        at = services["service_id"].isin(typed["services"]["service_id"])
        services = pd.concat([services[~at.to_numpy()], typed["services"]])
    merged["services"] = latest_review_ratings(services, merged["service_reviews"])
    if "participants" in typed:
        merged["participants"] = typed["participants"]
    return merged


def _key(f: Finding) -> Hashable:
    return (f.sheet, f.cell, f.severity)


def check_file(
    path: Path,
    ctx: Context,
    *,
    display_name: str | None = None,
    provider: str | None = None,
    period: str | None = None,
    received: dt.datetime | None = None,
    as_of: dt.date | None = None,
) -> CheckResult:
    """Every finding of one return file."""
    name = display_name or path.name
    received = received or dt.datetime.now(dt.UTC)
    result = CheckResult(file=name, path=path, digest=digest(path), received=received)
    try:
        kind = safety.sniff(path).kind
        read = (workbook.read_xlsx if kind == safety.XLSX else csvfile.read_csv)(path, display_name=name)
    except safety.Refused as refused:
        result.findings = [_refusal(name, refused)]
        return result
    result.read, result.identity = read, read.identity
    result.findings = layout.identity_findings(
        read,
        provider_ids=set(ctx.typed["providers"]["provider_id"]),
        provider=provider,
        period=period,
        quarters=expected.return_quarters(),
    )
    if result.errors:
        return result
    obligation = expected.obligation(ctx.typed, provider_id=str(result.provider_id), period=str(result.period))
    result.obligation = obligation
    if not obligation.sheets:
        result.findings.append(
            Finding(
                name,
                None,
                None,
                result.provider_id,
                f"a provider that owes a return for {result.period}: the VRU made no template for it",
                "wrong_provider",
                sheet=sheets.IDENTITY_SHEET,
                cell=read.identity_cell,
            )
        )
        return result
    result.findings += layout.shape_findings(read, obligation)
    if result.errors:
        return result
    laid = layout.frames(read, obligation, received=received.date().isoformat())
    result.frames = laid.frames
    by_file = {BY_NAME[e].filename: f for e, f in laid.frames.items()}
    found = list(laid.findings)
    typed: dict[str, pd.DataFrame] = {}
    for extract, frame in laid.frames.items():
        if frame.frame.empty:
            continue
        checked, problems = validate_extract(BY_NAME[extract], _full_frame(frame, ctx))
        found += [g for p in problems if (g := _locate(p, result, by_file))]
        if checked is not None:
            typed[extract] = checked
    owners = ctx.referral_owners()
    for rule in rules.RULES:
        found += [g for p in rule(typed, obligation, owners) if (g := _locate(p, result, by_file))]
    merged = merged_frames(ctx, typed, obligation)
    as_of = as_of or dt.date.today()
    found += [g for p in rulebook.run_all(merged, as_of=as_of) if (g := _locate(p, result, by_file))]
    first: dict[Hashable, Finding] = {}
    for f in found:  # a cell that could not be read fails its schema too: the first finding says why
        first.setdefault(_key(f), f)
    result.findings += list(first.values())
    result.findings.sort(key=lambda f: (f.severity != ERROR, f.sheet or "", f.row or 0, f.cell or ""))
    return result

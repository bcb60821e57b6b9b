"""Source profiles: how each CRM names its columns and stages, and how to recognise its exports.

A profile maps header names onto canonical columns per table, and carries the source's default stage
table (order, status, probability). One module per source; ``PROFILES`` lists them, most specific first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Stage:
    """A stage of a source's default pipeline."""

    status: str  # open / won / lost
    probability: float | None  # 0..1; None where the source sets none by stage


@dataclass(frozen=True)
class Profile:
    """How one source writes its exports."""

    name: str
    label: str
    signature: tuple[str, ...]  # headers that identify the source; two or more must be present
    columns: dict[str, dict[str, tuple[str, ...]]]  # table -> canonical column -> header aliases (priority order)
    stages: dict[str, Stage] = field(default_factory=dict)  # in pipeline order
    status_values: dict[str, str] = field(default_factory=dict)  # extra words of the status column
    converted_statuses: tuple[str, ...] = ()  # lead statuses (lower case) that mean converted, besides "converted"
    archived_is_lost: bool = False  # a deal archived (Active false) or with a lost reason is lost, whatever its stage
    probability_scale: float | None = 100.0  # CRMs write probability as 0..100
    min_signature: int = 2


def normalise_header(name: str) -> str:
    """Compare headers loosely: case, surrounding spaces, repeated spaces, '_' vs ' ' and a BOM don't matter."""
    text = str(name).replace("\ufeff", "").strip().lower().replace("_", " ")
    return re.sub(r"\s+", " ", text)


STAGE_KEY_DROPS = r"[\W_]+"  # what stage names compare without: spaces, punctuation, underscores


def stage_key(stage: str) -> str:
    """Stage names compare without case, spaces or punctuation: "Decision Maker Bought-In" is HubSpot's internal
    "decisionmakerboughtin" (its API and some exports write those), "Closed - Won" is "Closed Won"."""
    return re.sub(STAGE_KEY_DROPS, "", str(stage).lower())


def stage_keys(stages: "pd.Series") -> "pd.Series":
    """``stage_key`` for a whole column, vectorised."""
    from ...parsing import map_distinct

    return map_distinct(stages, lambda s: s.str.lower().str.replace(STAGE_KEY_DROPS, "", regex=True))


def stages(*rows: tuple[str, str, float | None]) -> dict[str, Stage]:
    """Build a stage table from (name, status, probability 0..100 or None) rows in pipeline order."""
    return {name: Stage(status, None if probability is None else probability / 100.0)
            for name, status, probability in rows}


# Words of a status column (any source) and of stage names that tell won/lost without a stage table.
STATUS_WORDS = {
    "open": "open", "in progress": "open", "active": "open", "pending": "open", "进行中": "open", "跟进中": "open",
    "won": "won", "win": "won", "closed won": "won", "closed - won": "won", "赢单": "won", "成交": "won", "已成交": "won",
    "lost": "lost", "lose": "lost", "closed lost": "lost", "closed - lost": "lost", "输单": "lost", "丢单": "lost",
    "无效": "lost", "deleted": "lost", "dead": "lost", "cancelled": "lost", "canceled": "lost", "abandoned": "lost",
    "rejected": "lost", "declined": "lost", "取消": "lost", "已取消": "lost", "放弃": "lost", "失败": "lost",
    # Pipedrive writes its statuses in the user's language: German, French, Spanish, Portuguese, Italian, Dutch
    "offen": "open", "gewonnen": "won", "verloren": "lost", "ouvert": "open", "gagné": "won", "perdu": "lost",
    "abierto": "open", "ganado": "won", "perdido": "lost", "aberto": "open", "ganho": "won", "aperto": "open",
    "vinto": "won", "perso": "lost",
}
# 成交 and 签约 (closed, signed) are won, but not 未成交 / 待成交 / 待签约 (not yet closed, awaiting signature): open
# and in German, French, Spanish, Portuguese, Italian (Salesforce's "Geschlossen und gewonnen", "Fermée gagnée",
# "Cerrada ganada", "Fechado e ganho", "Chiusa vinta"; Pipedrive's statuses); accented endings need no \b
# "Signed" as hand-kept trackers name the won stage (as 签约 does), alone or after contract/deal/closed, not "Not signed"
# or "To be signed"
WON_STAGE_PATTERN = (r"\bwon\b|closed.?won|赢单|(?:^|[^未待])(?:成交|签约)|\bwin\b|\bgewonnen\b|\bgagn|\bganad[ao]s?\b|"
                     r"\bganh[ao]s?\b|\bvint[ao]\b|(?:^|[-/:]\s*|\bcontract\s+|\bdeal\s+|\bclosed\s*[-/]?\s*)signed\b")
LOST_STAGE_PATTERN = (r"\blost\b|closed.?lost|输单|丢单|无效|\blose\b|disqualified|\bdead\b|\bcancell?ed\b|\babandoned\b|"
                      r"\brejected\b|\bdeclined\b|取消|放弃|失败|\bverloren\b|\bperdu|\bperdid[ao]s?\b|\bpers[ao]\b")


def _profiles() -> list[Profile]:
    from . import activecampaign, dynamics, fxiaoke, generic, hubspot, odoo, pipedrive, salesforce, zoho

    return [pipedrive.PROFILE, fxiaoke.PROFILE, zoho.PROFILE, salesforce.PROFILE, hubspot.PROFILE,
            activecampaign.PROFILE, dynamics.PROFILE, odoo.PROFILE, generic.PROFILE]


PROFILES: list[Profile] = _profiles()
GENERIC: Profile = PROFILES[-1]
BY_NAME = {profile.name: profile for profile in PROFILES}


def detect_profile(headers: list[str]) -> Profile:
    """The source whose signature headers best match; the generic profile when none matches well enough."""
    present = {normalise_header(h) for h in headers}
    best, best_score = GENERIC, 0
    for profile in PROFILES[:-1]:
        score = sum(1 for header in profile.signature if normalise_header(header) in present)
        if score >= profile.min_signature and score > best_score:
            best, best_score = profile, score
    return best

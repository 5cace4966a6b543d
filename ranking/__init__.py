"""The pure league-table engine: metric scores -> average -> segment -> deficit cap -> rank."""

from ranking.changes import Movement, SegmentChange, diff_tables
from ranking.engine import DuplicateTrustError, compute_league_tables
from ranking.fidelity import (
    FidelityField,
    FidelityReport,
    Mismatch,
    PublishedResult,
    QuarterMismatchError,
    compare,
)
from ranking.methodology import (
    METHODOLOGY_YEARS,
    AveragedGroup,
    CombinedScore,
    MethodologyYear,
    SegmentationMethod,
    SegmentationRule,
    SummaryMetricIds,
    UnknownMethodologyYearError,
    methodology_for,
)
from ranking.models import (
    ACUTE_SPECIALIST_SUBTYPE,
    LeagueTables,
    TrustQuarterInput,
    TrustResult,
    TrustType,
    UnknownTrustTypeError,
)
from ranking.quarters import InvalidQuarterError, Quarter, parse_quarter
from ranking.scoring import AverageScore, InvalidScoreError, average_score, is_score_id
from ranking.segments import (
    NoAveragesError,
    apply_deficit_cap,
    cut_points,
    distance_to_next_segment,
    unadjusted_segment,
)

__all__ = [
    "ACUTE_SPECIALIST_SUBTYPE",
    "METHODOLOGY_YEARS",
    "AverageScore",
    "AveragedGroup",
    "CombinedScore",
    "DuplicateTrustError",
    "FidelityField",
    "FidelityReport",
    "InvalidQuarterError",
    "InvalidScoreError",
    "LeagueTables",
    "MethodologyYear",
    "Mismatch",
    "Movement",
    "NoAveragesError",
    "PublishedResult",
    "Quarter",
    "QuarterMismatchError",
    "SegmentChange",
    "SegmentationMethod",
    "SegmentationRule",
    "SummaryMetricIds",
    "TrustQuarterInput",
    "TrustResult",
    "TrustType",
    "UnknownMethodologyYearError",
    "UnknownTrustTypeError",
    "apply_deficit_cap",
    "average_score",
    "compare",
    "compute_league_tables",
    "cut_points",
    "diff_tables",
    "distance_to_next_segment",
    "is_score_id",
    "methodology_for",
    "parse_quarter",
    "unadjusted_segment",
]

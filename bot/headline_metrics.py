"""Which official metrics the bot shows as a trust's headline figures, per trust type.

The choice is ours (the patient-facing measures people ask about); the values, national medians
and ranks are NHS England's, read from the `OF0xxx` value rows of the official files.
"""

from __future__ import annotations

from dataclasses import dataclass

from ranking import TrustType


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """How to show one official value metric."""

    key: str  # the understanding layer's metric name ("ae_4h", ...)
    metric_id: str
    label: str
    unit: str  # "%", " min", "/10" or "" when the published unit is unreliable
    is_higher_better: bool


_AE = MetricSpec("ae_4h", "OF0013", "A&E seen within 4 hours", "%", True)
_RTT = MetricSpec("rtt_18w", "OF0023", "Waiting 18 weeks or less for planned treatment", "%", True)
_CANCER_62 = MetricSpec("cancer", "OF0011", "Cancer treatment within 62 days", "%", True)
_CANCER_28 = MetricSpec(
    "cancer", "OF0010", "Cancer diagnosed or ruled out within 28 days", "%", True
)
_CAT2 = MetricSpec("ambulance_response", "OF0017", "Category 2 mean response time", " min", False)
_CONVEYED = MetricSpec("conveyance", "OF0028", "Patients taken to A&E", "%", False)
_COMMUNITY_52W = MetricSpec(
    "community_waits", "OF0005", "Waiting over 52 weeks for community care", "%", False
)
_CRISIS = MetricSpec(
    "mh_crisis", "OF0016", "Mental health crisis response within 24 hours", "", True
)
_LONG_STAY = MetricSpec("long_stays", "OF0063", "Inpatients staying over 60 days", "%", False)
_FINANCE = MetricSpec(
    "finance", "OF0079", "Planned surplus (+) or deficit (−), % of income", "%", True
)
_ENGAGEMENT = MetricSpec("staff_survey", "OF0084", "Staff survey engagement score", "/10", True)
_CONCERNS = MetricSpec("staff_survey", "OF0061", "Staff survey: raising concerns", "/10", True)

HEADLINES: dict[TrustType, tuple[MetricSpec, ...]] = {
    TrustType.ACUTE: (_AE, _RTT, _CANCER_62),
    TrustType.MENTAL_HEALTH_COMMUNITY: (_CRISIS, _COMMUNITY_52W, _LONG_STAY),
    TrustType.AMBULANCE: (_CAT2, _CONVEYED),
}

# A metric question ("A&E waits at the LGI?") answers with every spec of that key a trust has.
BY_KEY: dict[str, tuple[MetricSpec, ...]] = {
    "ae_4h": (_AE,),
    "rtt_18w": (_RTT,),
    "cancer": (_CANCER_62, _CANCER_28),
    "ambulance_response": (_CAT2,),
    "finance": (_FINANCE,),
    "staff_survey": (_ENGAGEMENT, _CONCERNS),
    "other": (),
}

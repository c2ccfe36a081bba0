"""What the demo makes the internal "needs attention" page show: one case of each kind."""

from __future__ import annotations

# What the internal "needs attention" page must always have something to show for (the demo shows each kind):
# a KPI off track after falling two quarters running, a late and a missing return in the
# latest quarter, and a programme off its spend profile in the latest financial year.
OFF_TRACK_KPI = (
    "hospital-feel-safer"  # a percent KPI, on track until then, of a programme that runs to the last quarter
)
LATE_RETURN_KPI = "rescue-reduced-involvement"
MISSING_RETURN_KPI = "summer-attendance"
LATE_RETURN_DAYS = 45  # past the 30 days allowed
OFF_PROFILE_PROGRAMME = "parent-carer-champions"  # spends this share of its budget in the latest year
OFF_PROFILE_SPEND_SHARE = 1.16

"""Every demo programme, in the order the generator draws them: the order is part of the seeded output, so a new
programme goes at the end."""

from __future__ import annotations

from etl.demo.calibration.early_intervention import SUMMER_ACTIVITIES, TRUSTED_ADULT_MENTORING, YOUR_CHOICE
from etl.demo.calibration.education_and_opportunity import NURTURING_SCHOOLS, STRONGER_FUTURES
from etl.demo.calibration.exploitation import GIRLS_YOUNG_WOMEN, RESCUE_RESPONSE
from etl.demo.calibration.families_and_communities import COMMUNITY_SPORT, MYENDS, PARENT_CARER_CHAMPIONS
from etl.demo.calibration.justice_and_health import DIVERT, HOSPITAL_YOUTH_WORK

PROGRAMMES = (
    MYENDS,
    DIVERT,
    STRONGER_FUTURES,
    YOUR_CHOICE,
    PARENT_CARER_CHAMPIONS,
    NURTURING_SCHOOLS,
    HOSPITAL_YOUTH_WORK,
    RESCUE_RESPONSE,
    SUMMER_ACTIVITIES,
    TRUSTED_ADULT_MENTORING,
    GIRLS_YOUNG_WOMEN,
    COMMUNITY_SPORT,
)

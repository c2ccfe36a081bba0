"""The register's vocabularies as HSDS taxonomies (dashboard/register/hsds/taxonomies.py), with no app: the same
vocabulary as the contract's."""

from __future__ import annotations

from dashboard.register.hsds import taxonomies


def test_the_feeds_vocabularies_are_the_contracts():
    from etl.contract import vocabulary

    assert (
        taxonomies.SERVICE_AREAS == vocabulary.SERVICE_AREAS
        and taxonomies.REFERRAL_ROUTES == vocabulary.REFERRAL_ROUTES
    )
    assert (
        vocabulary.AT_A_SITE,
        *taxonomies.DELIVERY_MODES,
    ) == vocabulary.DELIVERY_MODES and taxonomies.AT_A_SITE == vocabulary.AT_A_SITE

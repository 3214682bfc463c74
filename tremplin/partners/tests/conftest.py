import pytest

from tremplin.partners.tests.factories import ensure_consent_text


@pytest.fixture
def consent(personas):
    return ensure_consent_text(personas.organisation)


@pytest.fixture
def partner_admin(personas):
    """The ``partner`` persona, made an administrator of its partner organisation."""
    link = personas.partner.partner_adviser
    link.is_partner_admin = True
    link.save()
    return personas.partner

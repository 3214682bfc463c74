import pytest

from tremplin.core.sensitive import (
    CARD,
    HEALTH,
    NIR,
    PASSWORD,
    find_sensitive,
    health_words,
    is_valid_nir,
    nir_key,
    passes_luhn,
)


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in find_sensitive(text)]


@pytest.mark.parametrize(
    "number",
    ["1 84 12 75 123 456 40", "184127512345640", "2 90 05 2A 004 012 66", "1 69 02 2b 012 345 66"],
)
def test_a_social_security_number_with_its_right_key_is_found(number):
    assert is_valid_nir(number)
    assert kinds(f"Son numéro : {number}, à vérifier.") == [NIR]


@pytest.mark.parametrize(
    "number",
    [
        "1 84 12 75 123 456 41",
        "2 90 05 2A 004 012 65",
        "1 84 12 75 123 456",
        "9 84 12 75 123 456 40",
    ],
)
def test_a_number_whose_key_is_wrong_is_not_a_social_security_number(number):
    assert not is_valid_nir(number)
    assert NIR not in kinds(f"Dossier {number}")


def test_the_key_counts_corsica_as_19_and_18():
    assert nir_key("290052A004012") == nir_key("2900519004012") == 66
    assert nir_key("169022B012345") == nir_key("1690218012345") == 66


def test_luhn():
    assert passes_luhn("4111111111111111")
    assert not passes_luhn("4111111111111112")


@pytest.mark.parametrize(
    "text", ["CB 4111 1111 1111 1111 exp 12/28", "carte 4111-1111-1111-1111", "5555555555554444"]
)
def test_a_card_number_is_found_and_refused(text):
    findings = find_sensitive(text)
    assert [finding.kind for finding in findings] == [CARD]
    assert findings[0].is_refused


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # Luhn fails
        "SIRET 732 829 320 00074",  # 14 digits, Luhn-valid by design
        "Appeler le 06 12 34 56 78",
        "Numéro fiscal 0123456789016",  # does not start like a card
    ],
)
def test_other_numbers_are_not_card_numbers(text):
    assert CARD not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "mot de passe : soleil",
        "Mot de passe Soleil2024!",
        "mdp=chaton",
        "MDP : Marseille13",
        "password: hunter2",
        "son mot de passe est Tournesol",
        "code PIN 1234",
        "Mot de passe ameli : bonjour",
    ],
)
def test_a_password_with_its_value_is_found_and_refused(text):
    findings = find_sensitive(text)
    assert PASSWORD in [finding.kind for finding in findings]
    assert all(finding.is_refused for finding in findings)


@pytest.mark.parametrize(
    "text",
    [
        "Mot de passe oublié, réinitialisé avec elle.",
        "mot de passe : réinitialisé",
        "Elle a changé son mot de passe toute seule.",
        "Aide à créer un mot de passe solide",
        "mdp : ok",
    ],
)
def test_talking_about_a_password_is_not_writing_one(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text, word",
    [
        ("Elle a du diabète", "diabète"),
        ("Sort de l'HÔPITAL la semaine prochaine", "hôpital"),
        ("suivi psychiatrique", "psychiatrie"),
        ("Enceinte de 5 mois", "enceinte"),
        ("Dépression depuis l'hiver", "dépression"),
        ("Son traitement le fatigue", "traitement"),
        ("prend des médicaments", "médicament"),
        ("séropositif", "VIH"),
        ("demande AAH, handicapé", "handicap"),
        ("Arrêt maladie", "maladie"),
    ],
)
def test_health_words_are_a_warning(text, word):
    findings = find_sensitive(text)
    assert [finding.kind for finding in findings] == [HEALTH]
    assert not findings[0].is_refused
    assert f"« {word} »" in str(findings[0].found)


@pytest.mark.parametrize(
    "text",
    [
        "Compte ameli créé (Assurance maladie)",
        "Dossier CAF en cours de traitement",
        "Initiation au traitement de texte",
        "Réglage de son enceinte bluetooth",
        "CV envoyé à deux offres.",
        "",
    ],
)
def test_office_words_that_share_a_stem_are_not_health(text):
    assert health_words(text) == []
    assert kinds(text) == []


def test_every_kind_at_once_refused_kinds_first():
    text = "Diabète. NIR 1 84 12 75 123 456 40. mdp : Soleil2024. CB 4111111111111111"
    assert kinds(text) == [PASSWORD, CARD, NIR, HEALTH]

def test_the_site_speaks_plain_french_by_default(client, db):
    page = client.get("/").text
    assert '<html lang="fr">' in page
    assert "Bienvenue sur Tremplin" in page


def test_the_language_switch_works_without_javascript(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/places/"})
    assert response.status_code == 302
    assert response["Location"] == "/places/"
    page = client.get("/places/").text
    assert '<html lang="en">' in page
    assert "Find a place near me" in page
    assert 'value="fr"' in page  # the switch back to French


def test_the_browser_language_is_honoured(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").text
    assert "Welcome to Tremplin" in page


def test_every_catalogue_is_fully_translated_and_compiled():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    problems = []
    for po in root.glob("*/locale/en/LC_MESSAGES/django.po"):
        entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first block is the header
        for entry in entries:
            if "#, fuzzy" in entry or any(not text for text in _translations(entry)):
                problems.append(f"{po.parent.parent.parent.parent.name}: {entry.strip()[:80]!r}")
        if not po.with_suffix(".mo").exists():
            problems.append(f"{po} is not compiled")
    assert not problems, "\n".join(problems)


def _translations(entry: str) -> list[str]:
    """The msgstr texts of one catalogue entry (``msgstr`` or each ``msgstr[n]``), with their
    continuation lines joined: a long translation wrapped by makemessages is not empty."""
    texts, current = [], None
    for line in entry.splitlines():
        if line.startswith("msgstr"):
            current = line.split(" ", 1)[1].strip()[1:-1]
            texts.append(current)
        elif line.startswith('"') and current is not None:
            texts[-1] += line.strip()[1:-1]
        else:
            current = None
    return texts

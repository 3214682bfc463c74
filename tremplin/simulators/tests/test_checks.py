"""Each simulator's step checking, a pure function over recorded steps."""

from tremplin.simulators.engine import StepRecord as S
from tremplin.simulators.sims import account, interview, jobboard, passwords, scams, webmail

CV = {"source": "sample-cv", "kind": "pdf", "size": 48000}
POLITE = {"has_subject": True, "greeting": True, "closing": True, "words": 30}


def test_webmail_all_steps_in_order_pass():
    steps = (
        S("open", {"message": "conseillere"}),
        S("send", {"to": "adviser", "reply": "conseillere", **POLITE, "attachment": None}),
        S("send", {"to": "recruiter", "reply": "", **POLITE, "attachment": CV}),
    )
    assert webmail.check(steps).is_passed


def test_webmail_sending_before_reading_is_the_wrong_order():
    steps = (
        S("send", {"to": "recruiter", "reply": "", **POLITE, "attachment": CV}),
        S("open", {"message": "conseillere"}),
    )
    assert "read_first" in webmail.check(steps).failed_codes


def test_webmail_missing_attachment_and_wrong_file_are_named():
    missing = (S("send", {"to": "recruiter", **POLITE, "attachment": None}),)
    assert "attachment" in webmail.check(missing).failed_codes
    photo = {"source": "sample-photo", "kind": "jpeg", "size": 1}
    wrong = (S("send", {"to": "recruiter", **POLITE, "attachment": photo}),)
    assert "attachment_cv" in webmail.check(wrong).failed_codes


def test_webmail_a_typo_in_the_address_is_explained():
    steps = (S("send", {"to": "other", **POLITE, "attachment": CV}),)
    review = webmail.check(steps)
    assert "recruiter_address" in review.failed_codes
    assert "lettre par lettre" in str(review.missed[-1].text) or any(
        "lettre par lettre" in str(f.text) for f in review.missed
    )


def test_jobboard_applying_without_opening_and_to_the_paying_offer_fail():
    steps = (
        S("search", {"keyword": True, "town": True, "contract": "cdi", "results": 2}),
        S("save", {"offer": jobboard.TARGET}),
        S(
            "apply",
            {"offer": jobboard.TARGET, "opened": False, "cv": True, "greeting": True, "words": 20},
        ),
        S(
            "apply",
            {"offer": jobboard.PAYING, "opened": True, "cv": True, "greeting": True, "words": 20},
        ),
    )
    failed = jobboard.check(steps).failed_codes
    assert set(failed) == {"open_before_apply", "paying_offer"}


def test_jobboard_full_path_passes_and_a_missing_cv_fails():
    steps = [
        S("search", {"keyword": True, "town": True, "contract": "cdi", "results": 2}),
        S("open", {"offer": jobboard.TARGET}),
        S("save", {"offer": jobboard.TARGET}),
        S(
            "apply",
            {"offer": jobboard.TARGET, "opened": True, "cv": True, "greeting": True, "words": 20},
        ),
    ]
    assert jobboard.check(tuple(steps)).is_passed
    steps[-1] = S(
        "apply",
        {"offer": jobboard.TARGET, "opened": True, "cv": False, "greeting": True, "words": 20},
    )
    assert jobboard.check(tuple(steps)).failed_codes == ["cv_attached"]


def test_search_matching_uses_trade_town_and_contract():
    offers = jobboard._offers()
    found = [k for k, o in offers.items() if jobboard.matches(o, "vendeuse", "strasbourg", "cdi")]
    assert jobboard.TARGET in found and "vendeur-keller" not in found
    assert "vendeur-mulhouse" not in found


def test_weak_passwords_are_weak_and_a_passphrase_is_strong():
    for weak in ("azerty123", "Soleil2024!", "Abcd1234efgh", "court1!", "Velo-Rouge-Pluie-47!"):
        assert not passwords.strength(weak)["strong"], weak
    assert passwords.strength("Chat-Bleu-Lune-Tomate-9")["strong"]
    assert passwords.strength("Tr3s!Loin#Mer7")["strong"]


def test_password_check_fails_on_weak_tries_only():
    weak = S("try", passwords.strength("motdepasse"))
    review = passwords.check((weak,))
    assert "strong_password" in review.failed_codes
    strong = S("try", passwords.strength("Chat-Bleu-Lune-Tomate-9"))
    keep = S("keep", {"where": True, "reuse": True, "code": True})
    assert passwords.check((weak, strong, keep)).is_passed


def test_account_wrong_order_is_flagged():
    steps = (
        S("signup", {"ok": True, "email": True, "strong": True}),
        S("login", {"ok": False, "reason": "not_confirmed"}),
        S("confirm", {"ok": True}),
        S("login", {"ok": True}),
        S("form", {"ok": True, "identity": True}),
        S("document", {"source": "sample-facture", "kind": "pdf", "size": 1}),
        S("receipt"),
    )
    assert account.check(steps).failed_codes == ["order"]


def test_account_wrong_document_and_date_format():
    steps = (
        S("signup", {"ok": True, "email": True, "strong": True}),
        S("confirm", {"ok": True}),
        S("login", {"ok": True}),
        S("form", {"ok": False, "reason": "date"}),
        S("form", {"ok": True, "identity": True}),
        S("document", {"source": "sample-photo", "kind": "jpeg", "size": 1}),
    )
    assert set(account.check(steps).failed_codes) == {"form", "document", "receipt"}


def test_scams_each_message_is_a_finding_and_no_answer_fails():
    review = scams.check(())
    assert len(review.findings) == len(scams._messages()) + 1
    assert not review.is_passed
    steps = tuple(
        S("classify", {"message": key, "verdict": m["verdict"], "right": True})
        for key, m in scams._messages().items()
    ) + (S("report", {"sms": True, "site": True, "card": True, "victim": True, "shop": True}),)
    assert scams.check(steps).is_passed


def test_scam_answers_are_two_fixed_buttons_and_messages_are_balanced():
    verdicts = [m["verdict"] for m in scams._messages().values()]
    assert 0 < verdicts.count(scams.REAL) < verdicts.count(scams.SCAM)


def test_interview_checklist_and_troubles():
    steps = (
        S(
            "checklist",
            {
                "link": True,
                "camera": True,
                "micro": False,
                "battery": True,
                "place": True,
                "phone": True,
            },
        ),
        S("troubles", {"sound": True, "link": True, "freeze": False, "permission": True}),
    )
    assert set(interview.check(steps).failed_codes) == {"checklist", "freeze"}

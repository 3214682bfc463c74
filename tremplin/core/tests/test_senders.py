from tremplin.core.senders import MemorySmsSender, send_sms


def test_sms_go_through_the_configured_sender(settings):
    settings.SMS_SENDER = "tremplin.core.senders.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    send_sms("+33612345678", "Rappel : atelier demain à 10 h.")
    assert MemorySmsSender.outbox == [("+33612345678", "Rappel : atelier demain à 10 h.")]


def test_console_sender_prints_the_message(settings, capsys):
    settings.SMS_SENDER = "tremplin.core.senders.ConsoleSmsSender"
    send_sms("+33612345678", "Bonjour")
    assert "SMS to +33612345678: Bonjour" in capsys.readouterr().out

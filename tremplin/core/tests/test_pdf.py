from tremplin.core.pdf_writer import TremplinPDF


def test_pdf_renders_french_text_with_the_embedded_font():
    pdf = TremplinPDF(title="Attestation")
    pdf.add_page()
    pdf.heading("Attestation de réussite – « Premiers pas »")
    pdf.paragraph("Œuvre, cœur, déjà : les accents et ligatures passent.")
    data = pdf.to_bytes()
    assert data.startswith(b"%PDF-")
    assert b"DejaVu" in data

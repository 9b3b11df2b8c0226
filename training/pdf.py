"""The certificate as a PDF (fpdf2, core fonts: text is reduced to Latin-1)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from training.models import Certificate


def _latin1(text: str) -> str:
    return (text or "").encode("latin-1", "replace").decode("latin-1")


def certificate_pdf_bytes(certificate: Certificate, *, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(36, 80, 179)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(35)
    pdf.set_font("Helvetica", "B", 30)
    pdf.cell(
        0, 16, _latin1(_("Certificate of completion")), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 10, _latin1(_("This certifies that")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 14, _latin1(certificate.user.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(
        0, 10, _latin1(_("has completed the training")), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(
        0, 12, _latin1(certificate.training.title), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 12)
    issued = timezone.localdate(certificate.issued_at).isoformat()
    pdf.cell(
        0,
        8,
        _latin1(_("Issued on %(date)s") % {"date": issued}),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if certificate.expires_at:
        expires = timezone.localdate(certificate.expires_at).isoformat()
        pdf.cell(
            0,
            8,
            _latin1(_("Valid until %(date)s") % {"date": expires}),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_y(170)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        6,
        _latin1(_("Verification code: %(code)s") % {"code": certificate.code}),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, _latin1(verify_url), align="C")
    return bytes(pdf.output())

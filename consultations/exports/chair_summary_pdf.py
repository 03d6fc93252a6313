"""The Chair's summary as a PDF, made on the server with fpdf2 (pure Python): A4, the document
symbol and the date at the top, the title, each section's heading and byline, the paragraphs
numbered as on the print page.

The text is set in DejaVu Sans (fonts/ beside this module, embedded as a subset), which holds the
Latin, Greek and Cyrillic scripts. The fonts are read by the server only: they are not static
files (collectstatic would compress them at every deployment for nobody). Chinese needs a CJK
font and Arabic text shaping (fpdf2's set_text_shaping, with uharfbuzz) when those summaries are
issued.
"""

import logging
from pathlib import Path

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from consultations.selectors.chair_summary import SummaryDocument
from consultations.selectors.illustrative import illustrative_note

# fontTools logs every glyph of every subset it makes at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONTS_DIR / "DejaVuSans.ttf", "B": FONTS_DIR / "DejaVuSans-Bold.ttf"}
NUMBER_WIDTH = 12  # mm: the paragraph numbers' column
LINE = 5.5  # mm


class _SummaryPDF(FPDF):
    def __init__(self, *, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text

    def footer(self):
        self.set_y(-15)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{self.footer_text}    {self.page_no()}", align="C")


def chair_summary_pdf(document: SummaryDocument) -> bytes:
    """The PDF of ``document`` (chair_summary_document): the symbol at the top, the date, the
    title, "DRAFT" above the title of a draft, the illustrative note where the process has
    invented rows, then every section with numbered paragraphs."""
    summary = document.summary
    pdf = _SummaryPDF(footer_text=summary.symbol)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(name))
    pdf.set_title(f"{summary.symbol} {summary.title}")
    pdf.set_lang(summary.language)
    pdf.set_creator("hlderp")
    pdf.set_margins(left=25, top=20, right=25)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, LINE, summary.symbol, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    if document.date:
        pdf.cell(
            0,
            LINE,
            date_format(document.date, "j F Y"),
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(8)
    if not document.is_final:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, LINE, _("DRAFT"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, summary.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    note = illustrative_note(process=summary.process)
    if note:  # drawn from rows invented for a demonstration: the page says so, as the HTML does
        pdf.set_font(FONT, "", 9)
        text = f"{_('Illustrative data')}: {note.text}"
        pdf.multi_cell(0, LINE, text, border=1, padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)

    for view in document.sections:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, view.section.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if view.byline:
            pdf.set_font(FONT, "", 9)
            pdf.multi_cell(0, LINE, view.byline, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font(FONT, "", 10)
        for paragraph in view.paragraphs:
            pdf.cell(NUMBER_WIDTH, LINE, f"{paragraph.number}.")
            pdf.multi_cell(0, LINE, paragraph.text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        pdf.ln(3)
    return bytes(pdf.output())

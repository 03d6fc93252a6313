"""The summary, a meeting page and the registry in French, Arabic and Chinese: what has a
translation shows it, what has none shows English marked lang="en" (dir="ltr" in Arabic), and
axe-core finds no serious or critical violation."""

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import axe_describe, axe_violations

PAGES = {
    "summary": "/p/hld-2006/summary/",
    "meeting": "/meetings/round-table-1/",
    "registry": "/registry/?kind=member_state&regional_group=WEOG",
}
# English values of the demo that have a translation in every language: none may show
# outside an element marked lang="en".
TRANSLATED_ENGLISH = [
    "High-level Dialogue on International Migration and Development",
    "Round table 1: Migration and development",
    "Migration and development",
    "United Nations Headquarters",
    "General Assembly Hall",
    "Conference Room 4",
    "Belgium",
    "Western European and other States",
    "the Forum",
]
# What each page shows in each language (a title, a venue, a State, a regional group).
EXPECTED = {
    "fr": {
        "summary": [
            "Dialogue de haut niveau sur les migrations internationales et le développement",
            "le Forum",
        ],
        "meeting": [
            "Table ronde 1 : Migrations et développement",
            "Siège de l'Organisation des Nations Unies",
            "New York",  # written the same in French
        ],
        "registry": ["Belgique", "Allemagne", "Europe occidentale et autres"],
    },
    "ar": {
        "summary": ["الحوار الرفيع المستوى بشأن الهجرة الدولية والتنمية", "المنتدى"],
        "meeting": ["اجتماع المائدة المستديرة 1: الهجرة والتنمية", "مقر الأمم المتحدة", "نيويورك"],
        "registry": ["بلجيكا", "ألمانيا", "أوروبا الغربية ودول أخرى"],
    },
    "zh-hans": {
        "summary": ["国际移徙与发展问题高级别对话", "该论坛"],
        "meeting": ["圆桌会议1：移徙与发展", "联合国总部", "纽约"],  # noqa: RUF001
        "registry": ["比利时", "德国", "西欧和其他"],
    },
}  # fmt: skip

# The page's main text with every element marked lang="en" taken out.
UNMARKED_TEXT = """() => {
    const main = document.querySelector('main').cloneNode(true);
    main.querySelectorAll('[lang="en"]').forEach(e => e.remove());
    return main.innerText;
}"""
MARKED = """() => Array.from(document.querySelectorAll('main [lang="en"]')).map(
    e => [e.textContent.trim(), e.getAttribute('dir')])"""


@pytest.mark.parametrize("language", ["fr", "ar", "zh-hans"])
def test_pages_show_the_translations_and_mark_the_english_fallback(demo, new_page, language):
    page: Page = new_page(language, bypass_csp=True)
    failures = []
    for name, url in PAGES.items():
        page.goto(url)
        text = page.evaluate(UNMARKED_TEXT)
        for expected in EXPECTED[language][name]:
            if expected not in text:
                failures.append(f"{language} {name}: {expected!r} missing")
        for english in TRANSLATED_ENGLISH:
            if english in text:
                failures.append(f"{language} {name}: English {english!r} shown unmarked")
        marked = page.evaluate(MARKED)
        wrong_dir = [t for t, d in marked if (d == "ltr") != (language == "ar")]
        if wrong_dir:
            failures.append(f"{language} {name}: dir wrong on {wrong_dir[:3]}")
        if name == "summary" and ["IOM", "ltr" if language == "ar" else None] not in marked:
            failures.append(f"{language} summary: IOM (no translation) not marked: {marked[:5]}")
        violations = axe_violations(page)
        if violations:
            failures.append(axe_describe(url, violations))
    assert failures == []

"""Content in the six languages: States' names and their sources, the marked English
fallback, and names sorted by the page's language (on SQLite and on PostgreSQL alike)."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from registry.choices import StakeholderKind
from registry.collation import collated, page_columns
from registry.models import RegionalGroup, Stakeholder
from tests.factories import MeetingFactory, StakeholderFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NAME_FIELDS = ["name_en", "name_fr", "name_es", "name_ru", "name_zh_hans", "name_ar"]
LANGUAGES = ["en", "fr", "es", "ru", "zh-hans", "ar"]
WEOG_IN_RUSSIAN = [
    "Австралия", "Австрия", "Андорра", "Бельгия", "Германия", "Греция", "Дания", "Израиль",
]  # fmt: skip


def test_the_registry_names_193_member_states_in_each_of_the_six_languages(registry):
    states = list(Stakeholder.objects.filter(kind=StakeholderKind.MEMBER_STATE))

    assert len(states) == 193
    unnamed = [(s.iso3, f) for s in states for f in NAME_FIELDS if not getattr(s, f).strip()]
    assert unnamed == []
    assert all(sorted(s.name_sources) == sorted(LANGUAGES) for s in states)
    assert {s.name_sources["en"] for s in states} == {"UN"}
    assert {v for s in states for v in s.name_sources.values()} == {"UN", "CLDR"}


def test_each_name_says_whether_it_is_the_uns_form_or_cldrs(registry):
    belgium = Stakeholder.objects.get(iso3="BEL")
    bolivia = Stakeholder.objects.get(iso3="BOL")
    holy_see = Stakeholder.objects.get(iso3="VAT")

    assert [getattr(belgium, f) for f in NAME_FIELDS] == [
        "Belgium", "Belgique", "Bélgica", "Бельгия", "比利时", "بلجيكا",
    ]  # fmt: skip
    assert belgium.name_sources == {
        "en": "UN", "fr": "CLDR", "es": "CLDR", "ru": "CLDR", "zh-hans": "CLDR", "ar": "CLDR",
    }  # fmt: skip
    assert (bolivia.name_en, bolivia.name_fr) == (
        "Bolivia (Plurinational State of)",
        "Bolivie (État plurinational de)",
    )
    assert bolivia.name_sources["fr"] == "UN"
    assert [getattr(holy_see, f) for f in NAME_FIELDS] == [
        "Holy See", "Saint-Siège", "Santa Sede", "Святой Престол", "教廷", "الكرسي الرسولي",
    ]  # fmt: skip
    assert set(holy_see.name_sources.values()) == {"UN"}


def test_the_five_regional_groups_are_named_in_the_six_languages(registry):
    groups = RegionalGroup.objects.order_by("order")

    with translation.override("fr"):
        assert [g.name for g in groups] == [
            "États d'Afrique",
            "États d'Asie et du Pacifique",
            "États d'Europe orientale",
            "États d'Amérique latine et des Caraïbes",
            "États d'Europe occidentale et autres États",
        ]
    missing = [(g.code, f) for g in groups for f in NAME_FIELDS if not getattr(g, f)]
    assert missing == []


# -- the English fallback, marked ----------------------------------------------------------
def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load translated %}" + source).render(Context(context))


def test_a_translated_title_shows_as_it_is():
    meeting = MeetingFactory(title="Round table 1", title_fr="Table ronde 1")

    assert _render('{% tr meeting "title" %}', "fr", meeting=meeting) == "Table ronde 1"
    assert _render('{% tr meeting "title" %}', "en", meeting=meeting) == "Round table 1"


def test_a_missing_translation_falls_back_to_english_marked_as_english():
    meeting = MeetingFactory(title="Round table 1 & more", title_fr="Table ronde 1")

    assert (
        _render('{% tr meeting "title" %}', "zh-hans", meeting=meeting)
        == '<span lang="en">Round table 1 &amp; more</span>'
    )
    # On a right-to-left page the English stays left to right.
    assert (
        _render('{% tr meeting "title" %}', "ar", meeting=meeting)
        == '<span lang="en" dir="ltr">Round table 1 &amp; more</span>'
    )
    assert (
        _render('<div{% tr_attrs meeting "description" %}></div>', "ar", meeting=meeting)
        == "<div></div>"  # no description at all: nothing to mark
    )


def test_a_page_language_name_comes_before_an_english_short_name():
    entity = StakeholderFactory(name="International Organization for Migration", short_name="IOM")
    entity.name_fr = "Organisation internationale pour les migrations"
    entity.save()

    assert (
        _render('{% tr s "short_name,name" %}', "fr", s=entity)
        == "Organisation internationale pour les migrations"
    )
    assert _render('{% tr s "short_name,name" %}', "ru", s=entity) == '<span lang="en">IOM</span>'


# -- collation ---------------------------------------------------------------------------
def _sorted_names(language: str) -> list[str]:
    with translation.override(language):
        return [s.name for s in Stakeholder.objects.order_by(collated("name"), "pk")]


def _entities(names: dict[str, dict[str, str]]) -> None:
    for english, others in names.items():
        StakeholderFactory(name=english, **{f"name_{k}": v for k, v in others.items()})


def test_names_sort_by_the_rules_of_the_pages_language():
    _entities(
        {
            "Afghanistan": {"zh_hans": "阿富汗", "ru": "Афганистан", "ar": "أفغانستان"},
            "Austria": {"zh_hans": "奥地利", "ru": "Австрия", "ar": "النمسا"},
            "Belgium": {"zh_hans": "比利时", "ru": "Бельгия", "ar": "بلجيكا"},
            "Egypt": {"zh_hans": "埃及", "ru": "Египет", "ar": "مصر"},
            "Germany": {"zh_hans": "德国", "ru": "Германия", "ar": "ألمانيا"},
            "Iceland": {"zh_hans": "冰岛", "ru": "Исландия", "ar": "آيسلندا"},
            "Ethiopia": {"zh_hans": "埃塞俄比亚", "ru": "Эфиопия", "ar": "إثيوبيا"},
            "Jordan": {"zh_hans": "约旦", "ru": "Иордания", "ar": "الأردن"},
            "Bahrain": {"zh_hans": "巴林", "ru": "Бахрейн", "ar": "البحرين"},
            "China": {"zh_hans": "中国", "ru": "Китай", "ar": "الصين"},
        }
    )

    assert _sorted_names("en") == [
        "Afghanistan", "Austria", "Bahrain", "Belgium", "China", "Egypt", "Ethiopia",
        "Germany", "Iceland", "Jordan",
    ]  # fmt: skip
    # Pinyin: ā fù hàn, āi jí, āi sài é bǐ yà, ào dì lì, bā lín, bǐ lì shí, bīng dǎo, dé guó...
    assert _sorted_names("zh-hans") == [
        "阿富汗", "埃及", "埃塞俄比亚", "奥地利", "巴林", "比利时", "冰岛", "德国", "约旦", "中国",
    ]  # fmt: skip
    assert _sorted_names("ru") == [
        "Австрия", "Афганистан", "Бахрейн", "Бельгия", "Германия", "Египет", "Иордания",
        "Исландия", "Китай", "Эфиопия",
    ]  # fmt: skip
    # Alef with hamza sorts as alef (الأردن before البحرين); alef with madda as two alefs.
    assert _sorted_names("ar") == [
        "آيسلندا", "إثيوبيا", "أفغانستان", "الأردن", "البحرين", "الصين", "ألمانيا", "النمسا",
        "بلجيكا", "مصر",
    ]  # fmt: skip


def test_accents_count_after_the_letters_in_french_and_a_missing_name_sorts_as_english():
    _entities(
        {
            "Spain": {"fr": "Espagne"},
            "Egypt": {"fr": "Égypte"},
            "Ecuador": {"fr": "Équateur"},
            "Estonia": {"fr": "Estonie"},
            "United Arab Emirates": {"fr": "Émirats arabes unis"},
            "Eritrea": {},  # no French name: sorts and shows as "Eritrea"
        }
    )

    assert _sorted_names("fr") == [
        "Égypte", "Émirats arabes unis", "Équateur", "Eritrea", "Espagne", "Estonie",
    ]  # fmt: skip


def test_the_registry_page_lists_states_in_the_pages_language(client, registry):
    response = client.get(
        "/registry/", {"kind": "member_state", "regional_group": "WEOG"}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    names = [s.name_ru for s in response.context["object_list"]]
    assert names[:8] == WEOG_IN_RUSSIAN


def test_the_registry_finds_a_state_by_its_name_in_any_language(client, registry):
    english = client.get("/registry/", {"q": "Belgique"}, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get("/registry/", {"q": "Belgium"}, HTTP_ACCEPT_LANGUAGE="fr")
    chinese = client.get("/registry/", {"q": "比利时"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert [s.iso3 for s in english.context["object_list"]] == ["BEL"]
    assert [s.iso3 for s in french.context["object_list"]] == ["BEL"]
    assert [s.iso3 for s in chinese.context["object_list"]] == ["BEL"]


def test_a_save_on_a_french_page_keeps_english_in_the_fields_own_column():
    entity = StakeholderFactory(name="International Organization for Migration")

    with translation.override("fr"):
        entity.name = "Organisation internationale pour les migrations"  # the French column
        entity.save()

    # The column "name" itself, read without django-modeltranslation's rewriting.
    own_column = Stakeholder.objects.rewrite(False).filter(pk=entity.pk).values_list("name")
    assert list(own_column) == [("International Organization for Migration",)]
    entity.refresh_from_db()
    assert (entity.name_en, entity.name_fr) == (
        "International Organization for Migration",
        "Organisation internationale pour les migrations",
    )


def test_the_admin_shows_each_language_side_by_side_and_which_are_missing(secretariat_client):
    theme = ThemeFactory(name="Remittances", name_fr="Envois de fonds", name_ar="التحويلات المالية")

    change = secretariat_client.get(f"/admin/consultations/theme/{theme.pk}/change/")
    listing = secretariat_client.get("/admin/consultations/theme/")

    html = change.content.decode()
    assert [f for f in NAME_FIELDS if f'name="{f}"' in html] == NAME_FIELDS
    assert change.context["adminform"].form.initial["name_fr"] == "Envois de fonds"
    missing = r'<td class="field-missing_translations">([^<]*)</td>'
    row = re.search(missing, listing.content.decode())
    assert row.group(1) == "es, ru, zh-hans"


def test_a_page_reads_each_translated_field_in_its_language_then_in_english():
    with translation.override("zh-hans"):
        assert page_columns("title", "stakeholder__name") == (
            "title_zh_hans",
            "stakeholder__name_zh_hans",
            "title_en",
            "stakeholder__name_en",
        )
    assert page_columns("stakeholder__name", language="fr") == (
        "stakeholder__name_fr",
        "stakeholder__name_en",
    )
    assert page_columns("stakeholder__name", language="en") == ("stakeholder__name_en",)

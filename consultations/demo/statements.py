"""Illustrative statements and positions of the 2006 demo, generated from a fixed seed.

Their totals reproduce the briefing's figures: 127 Member States made statements at the
Dialogue, and about two-thirds expressed support for the Forum, however the share is taken: 85
of the 122 that stated a position on it (69.7 %, the base the summary's words go by) and of the
127 that spoke (66.9 %). The texts say on their first line that they are illustrative.
"""

import datetime
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from consultations.choices import InscriptionStatus, Language, MeetingKind, Stance, StatementState
from consultations.demo import statement_texts as texts
from consultations.models import Document, Inscription, Issue, Position, Process, Statement, Theme
from registry.choices import ProtocolRank, StakeholderKind

SEED = 2007
ILLUSTRATIVE_LINE = texts.ILLUSTRATIVE_LINES[Language.ENGLISH]

# The stance of the 127 Member States that made statements on the Forum: 85 supportive, 5 that
# stated none (85 of 122 and 85 of 127 are both "about two-thirds").
FORUM_STANCES = (
    [Stance.SUPPORTS] * 72
    + [Stance.SUPPORTS_WITH_RESERVATIONS] * 13
    + [Stance.NEUTRAL] * 25
    + [Stance.OPPOSES] * 12
    + [Stance.NOT_STATED] * 5
)
ISSUES = [
    # slug, question, short title, cites (document symbol or recommendation number), description
    (
        "global-forum",
        "Should a State-owned, voluntary, non-binding Global Forum follow the Dialogue?",
        "the Forum",
        "A/60/871",
        "The Secretary-General recommended a consultative Forum, State-owned, open to all "
        "Member States, voluntary and non-legislative.",
    ),
    (
        "belgium-offer",
        "Belgium's offer to host the first meeting of the Global Forum (July 2007)",
        "Belgium's offer",
        None,
        "The Government of Belgium offered to organize and host the first meeting of a Global "
        "Forum on International Migration and Development.",
    ),
    (
        "global-migration-facility",
        "Should the Secretary-General establish a Global Migration Facility?",
        "a Global Migration Facility",
        "33",
        "Recommendation 33 of the Global Commission on International Migration.",
    ),
]
POSTS = {
    ProtocolRank.HEAD_OF_STATE: "President",
    ProtocolRank.VICE_PRESIDENT: "Vice-President",
    ProtocolRank.HEAD_OF_GOVERNMENT: "Prime Minister",
    ProtocolRank.MINISTER: "Minister",
    ProtocolRank.VICE_MINISTER: "Vice-Minister",
    ProtocolRank.HEAD_OF_DELEGATION: "Permanent Representative",
    ProtocolRank.OTHER: "Delegate",
}
# Language of a statement by the speaker's State (a sample; English otherwise).
_SPEAKERS_OF = {
    Language.ARABIC: "DZA BHR EGY IRQ JOR KWT LBN LBY MAR OMN QAT SAU SDN SYR TUN ARE YEM MRT",
    Language.CHINESE: "CHN",
    Language.FRENCH: "FRA BEL SEN MLI NER BFA CIV CMR COD COG GAB GIN HTI MDG TCD TGO BEN LUX",
    Language.RUSSIAN: "RUS BLR KAZ KGZ TJK UZB ARM AZE MDA",
    Language.SPANISH: "ARG BOL CHL COL CRI CUB DOM ECU SLV ESP GTM HND MEX NIC PAN PRY PER URY VEN",
}
LANGUAGES = {code: language for language, codes in _SPEAKERS_OF.items() for code in codes.split()}
THEME_SENTENCES = texts.THEME_SENTENCES


def _text(
    rng: random.Random, stakeholder, themes: list[Theme], stance: str | None, language: str
) -> str:
    """The statement's text in ``language``: the illustrative line, the welcome, a sentence per
    theme and one on the Forum (shuffled), Belgium's offer for Belgium."""
    body = [THEME_SENTENCES[t.slug][language] for t in themes if t.slug in THEME_SENTENCES]
    if stance and stance in texts.STANCE_SENTENCES:
        body.append(texts.STANCE_SENTENCES[stance][language])
    rng.shuffle(body)
    sentences = [
        texts.ILLUSTRATIVE_LINES[language],
        texts.WELCOMES[language].format(name=stakeholder.name),
        *body,
    ]
    if stakeholder.iso3 == "BEL":
        sentences.append(texts.BELGIUM_OFFER.get(language, texts.BELGIUM_OFFER[Language.ENGLISH]))
    return "\n\n".join(sentences)


def demo_statements_load(*, process: Process, actor) -> None:
    """Create the demo's statements, issues and positions unless the process has statements.

    One published statement per speaker of the plenary speakers lists (127 Member States, the
    Holy See, the European Union, IOM) and per entity that addressed a preparatory panel; the
    embargo of each is its expected floor time ("check against delivery"); a draft for Belgium
    and a submitted one for Mexico so that the delegate and review pages have work to show.
    """
    if Statement.objects.filter(meeting__process=process).exists():
        return
    from consultations.search import statement_search_refresh_all
    from consultations.selectors.speakers import meeting_speakers

    rng = random.Random(SEED)
    themes = {t.slug: t for t in Theme.objects.filter(parent__isnull=False)}
    themes |= {
        t.slug: t
        for t in Theme.objects.filter(slug__in=["remittances", "international-cooperation"])
    }
    theme_pool = [t for slug, t in sorted(themes.items()) if slug in THEME_SENTENCES]
    cooperation = themes["international-cooperation"]

    statements: list[Statement] = []
    stances: dict[int, str] = {}
    member_state_rows = []
    meetings = process.meetings.filter(
        kind__in=[MeetingKind.PLENARY, MeetingKind.PREPARATORY_PANEL]
    ).select_related("venue", "process")
    for meeting in meetings:
        listing = meeting_speakers(meeting=meeting)
        if listing is None:
            continue
        for row in listing.rows:
            inscription: Inscription = row.inscription
            if inscription.status == InscriptionStatus.WITHDRAWN:
                continue
            stakeholder = inscription.stakeholder
            if stakeholder.kind == StakeholderKind.MEMBER_STATE:
                member_state_rows.append((meeting, row))
            language = LANGUAGES.get(stakeholder.iso3 or "", Language.ENGLISH)
            statements.append(
                Statement(
                    meeting=meeting,
                    stakeholder=stakeholder,
                    speaker_post=POSTS.get(inscription.level, "")
                    if stakeholder.kind == StakeholderKind.MEMBER_STATE
                    else "Representative",
                    language=language,
                    title=texts.TITLES[language].format(name=stakeholder.name),
                    state=StatementState.PUBLISHED,
                    embargo_until=row.expected_at,
                    submitted_at=meeting.start - datetime.timedelta(hours=2),
                    published_at=meeting.start - datetime.timedelta(hours=1),
                    created_by=actor,
                )
            )
    # Stances on the Forum for the Member States, in a shuffled order.
    order = list(range(len(member_state_rows)))
    rng.shuffle(order)
    stance_of = {}
    for stance, index in zip(FORUM_STANCES, order, strict=False):
        meeting, row = member_state_rows[index]
        stance_of[row.inscription.stakeholder_id] = stance
    chosen_themes = []
    for statement in statements:
        picked = [cooperation, *rng.sample(theme_pool, k=rng.randint(1, 3))]
        picked = list(dict.fromkeys(picked))
        stance = stance_of.get(statement.stakeholder_id)
        statement.text = _text(rng, statement.stakeholder, picked, stance, statement.language)
        chosen_themes.append(picked)
        if stance:
            stances[statement.stakeholder_id] = stance

    with transaction.atomic():
        created = bulk_create_with_history(statements, Statement, default_user=actor)
        # bulk_create returns primary keys on PostgreSQL and SQLite alike.
        through = Statement.themes.through
        through.objects.bulk_create(
            through(statement_id=s.pk, theme_id=t.pk)
            for s, picked in zip(created, chosen_themes, strict=True)
            for t in picked
        )
        _issues_and_positions(process=process, statements=created, stances=stances, actor=actor)
        _work_in_progress(process=process, actor=actor)
    statement_search_refresh_all()


def _issues_and_positions(*, process, statements, stances, actor) -> None:
    documents = {d.symbol or d.number: d for d in Document.objects.all()}
    issues = {}
    for order, (slug, title, short_title, cites, description) in enumerate(ISSUES):
        issues[slug], _ = Issue.objects.get_or_create(
            process=process,
            slug=slug,
            defaults={
                "title": title,
                "short_title": short_title,
                "order": order,
                "description": description,
                "cites": documents.get(cites) if cites else None,
            },
        )
    statement_of = {s.stakeholder_id: s for s in statements}
    positions = [
        Position(
            issue=issues["global-forum"],
            stakeholder_id=stakeholder_id,
            stance=stance,
            statement=statement_of[stakeholder_id],
            recorded_by=actor,
        )
        for stakeholder_id, stance in sorted(stances.items())
    ]
    belgium = next((s for s in statements if s.stakeholder.iso3 == "BEL"), None)
    if belgium is not None:
        positions.append(
            Position(
                issue=issues["belgium-offer"],
                stakeholder=belgium.stakeholder,
                stance=Stance.SUPPORTS,
                statement=belgium,
                recorded_by=actor,
            )
        )
    bulk_create_with_history(positions, Position, default_user=actor)


def _work_in_progress(*, process, actor) -> None:
    """A draft for Belgium and a submitted statement for Mexico, for the portal and review."""
    from registry.models import Stakeholder

    round_table = process.meetings.get(slug="round-table-4")
    for iso3, state in (("BEL", StatementState.DRAFT), ("MEX", StatementState.SUBMITTED)):
        stakeholder = Stakeholder.objects.get(iso3=iso3)
        language = Language.FRENCH if iso3 == "BEL" else Language.SPANISH
        title, text = texts.WORK_IN_PROGRESS[language]
        statement = Statement(
            meeting=round_table,
            stakeholder=stakeholder,
            language=language,
            title=title.format(name=stakeholder.name),
            text=f"{texts.ILLUSTRATIVE_LINES[language]}\n\n{text}",
            state=state,
            submitted_at=round_table.start - datetime.timedelta(days=1)
            if state == StatementState.SUBMITTED
            else None,
            created_by=actor,
        )
        statement._history_user = actor
        statement.save()

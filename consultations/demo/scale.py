# ruff: noqa: RUF001 (statements in the six languages: Cyrillic and CJK letters are meant)
"""A large, realistic data set for load tests ("Fast at UN scale"), deterministic from a seed.

``scale_seed`` loads the real registry and themes, then generates processes (each with its seat
rules), meetings (panels, plenaries, round tables, forums) at venues in several time zones,
delegations, round-table seats, speakers lists with inscriptions, statements in the six official
languages (200 to 2,000 words from a per-language vocabulary; most published, some under
embargo) and positions on each process's issues. Rows are written with ``bulk_create`` in large
batches and **without history**: the ``Historical*`` tables stay empty for generated rows (only
the registry, loaded by ``registry_load``, has history). The same seed and sizes give the same
data, whatever the database (``scale_fingerprint`` checks it).

Generated rows are recognisable: processes, meetings and issues have slugs starting with
``scale-``, venues end with ``(scale)``. ``scale_delete`` removes them.
"""

import datetime
import hashlib
import itertools
import math
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from consultations.choices import (
    InscriptionStatus,
    Language,
    MeetingKind,
    MeetingStatus,
    SeatSource,
    Stance,
    StatementState,
)
from consultations.demo.statements import LANGUAGES
from consultations.loading import themes_load
from consultations.models import (
    Delegation,
    Inscription,
    Issue,
    Meeting,
    Position,
    Process,
    Room,
    Seat,
    SpeakersList,
    Statement,
    Theme,
    Venue,
)
from registry.choices import ProtocolRank, StakeholderKind
from registry.loading import registry_load
from registry.models import Stakeholder

PREFIX = "scale-"
VENUE_SUFFIX = " (scale)"
BATCH = 5000
STATEMENT_BATCH = 2000
UTC = datetime.UTC

# name, city, country, IANA time zone
VENUES = [
    ("United Nations Headquarters", "New York", "United States of America", "America/New_York"),
    ("Palais des Nations", "Geneva", "Switzerland", "Europe/Zurich"),
    ("Vienna International Centre", "Vienna", "Austria", "Europe/Vienna"),
    ("United Nations Office at Nairobi", "Nairobi", "Kenya", "Africa/Nairobi"),
    ("United Nations Conference Centre", "Bangkok", "Thailand", "Asia/Bangkok"),
    ("United Nations Conference Centre", "Addis Ababa", "Ethiopia", "Africa/Addis_Ababa"),
    ("CEPAL headquarters", "Santiago", "Chile", "America/Santiago"),
    ("UN House", "Beirut", "Lebanon", "Asia/Beirut"),
    ("Qatar National Convention Centre", "Doha", "Qatar", "Asia/Qatar"),
    ("Egmont Palace", "Brussels", "Belgium", "Europe/Brussels"),
    ("Centro Banamex", "Mexico City", "Mexico", "America/Mexico_City"),
    ("United Nations University", "Tokyo", "Japan", "Asia/Tokyo"),
]
ROOMS = [("Plenary hall", 1500), ("Conference Room 1", 300), ("Conference Room 2", 120)]
# Ten meetings a process: its kinds in order (a process of another size cycles through them).
MEETING_KINDS = [
    MeetingKind.PREPARATORY_PANEL,
    MeetingKind.PREPARATORY_PANEL,
    MeetingKind.PLENARY,
    MeetingKind.PLENARY,
    MeetingKind.ROUND_TABLE,
    MeetingKind.ROUND_TABLE,
    MeetingKind.ROUND_TABLE,
    MeetingKind.ROUND_TABLE,
    MeetingKind.FORUM,
    MeetingKind.PLENARY,
]
MEETING_TITLES = {
    MeetingKind.PREPARATORY_PANEL: "Preparatory panel {n}",
    MeetingKind.PLENARY: "Plenary meeting {n}",
    MeetingKind.ROUND_TABLE: "Round table {n}",
    MeetingKind.FORUM: "Forum {n}",
}
PROCESS_TOPICS = [
    "International Migration and Development",
    "Least Developed Countries",
    "Financing for Development",
    "Refugees and Migrants",
    "Small Island Developing States",
    "Landlocked Developing Countries",
    "Oceans",
    "Water",
    "Road Safety",
    "Ageing",
]
# The issues a process tracks (cycled, numbered when a process tracks more than listed).
ISSUE_TITLES = [
    ("forum", "Should a State-owned, voluntary, non-binding Forum follow the meeting?"),
    ("host-offer", "The offer of a Member State to host the next meeting"),
    ("facility", "Should the Secretary-General establish a dedicated facility?"),
    ("review", "Should the General Assembly review progress every four years?"),
    ("fund", "Should a voluntary trust fund support the participation of LDCs?"),
]
# Of 100 statements: states (published dominate), weights.
STATE_WEIGHTS = [
    (StatementState.PUBLISHED, 85),
    (StatementState.SUBMITTED, 5),
    (StatementState.DRAFT, 4),
    (StatementState.RETURNED, 3),
    (StatementState.WITHDRAWN, 3),
]
STANCE_WEIGHTS = [
    (Stance.SUPPORTS, 45),
    (Stance.SUPPORTS_WITH_RESERVATIONS, 12),
    (Stance.NEUTRAL, 18),
    (Stance.OPPOSES, 8),
    (Stance.NOT_STATED, 17),
]
LEVEL_WEIGHTS = [
    (ProtocolRank.HEAD_OF_STATE, 4),
    (ProtocolRank.VICE_PRESIDENT, 2),
    (ProtocolRank.HEAD_OF_GOVERNMENT, 4),
    (ProtocolRank.MINISTER, 30),
    (ProtocolRank.VICE_MINISTER, 15),
    (ProtocolRank.HEAD_OF_DELEGATION, 40),
    (ProtocolRank.OTHER, 5),
]
POSTS = {
    ProtocolRank.HEAD_OF_STATE: "President",
    ProtocolRank.VICE_PRESIDENT: "Vice-President",
    ProtocolRank.HEAD_OF_GOVERNMENT: "Prime Minister",
    ProtocolRank.MINISTER: "Minister for Foreign Affairs",
    ProtocolRank.VICE_MINISTER: "Vice-Minister",
    ProtocolRank.HEAD_OF_DELEGATION: "Permanent Representative",
    ProtocolRank.OTHER: "Delegate",
}
# Vocabulary per language: the first COMMON_WORDS are in every statement, most frequent first
# (drawn with Zipf weights); the rest are topics, of which each statement takes TOPICS_PER_TEXT
# and makes TOPICAL_SHARE of its words from them.
VOCABULARY = {
    Language.ENGLISH: (
        "the of and to in we our for that is migration development international cooperation "
        "States this with on are Member migrants rights human countries support welcomes "
        "delegation government dialogue forum remittances partnership labour mobility diaspora "
        "capacity building border management poverty unemployment security integration return "
        "circular policy legislation statistics research women children youth families workers "
        "employment regional global national commitment trafficking smuggling coherence "
        "recruitment portability pensions skills recognition consular protection xenophobia "
        "resettlement brain drain circulation"
    ),
    Language.FRENCH: (
        "le la les de des et à nous pour que est migration développement coopération "
        "internationale États Membres notre avec sur sont migrants droits homme pays appui "
        "délégation gouvernement salue dialogue forum transferts partenariat main-d'œuvre "
        "mobilité diaspora renforcement capacités frontières pauvreté chômage sécurité "
        "intégration retour circulaire politique législation statistiques recherche femmes "
        "enfants jeunes familles travailleurs emploi régional mondial national engagement traite "
        "trafic cohérence recrutement portabilité retraites compétences reconnaissance "
        "protection consulaire xénophobie réinstallation fuite cerveaux"
    ),
    Language.SPANISH: (
        "el la los las de y en nosotros para que es migración desarrollo cooperación "
        "internacional Estados Miembros nuestro con sobre son migrantes derechos humanos países "
        "apoyo delegación gobierno acoge diálogo foro remesas asociación mano obra movilidad "
        "diáspora fomento capacidad fronteras pobreza desempleo seguridad integración retorno "
        "circular política legislación estadísticas investigación mujeres niños jóvenes familias "
        "trabajadores empleo regional mundial nacional compromiso trata tráfico coherencia "
        "contratación portabilidad pensiones competencias reconocimiento protección consular "
        "xenofobia reasentamiento fuga cerebros"
    ),
    Language.RUSSIAN: (
        "и в на мы для что это с миграция развитие международное сотрудничество государства "
        "члены наш о являются мигранты права человека страны поддержка делегация правительство "
        "приветствует диалог форум денежные переводы партнерство рабочая сила мобильность "
        "диаспора укрепление потенциала границы бедность безработица безопасность интеграция "
        "возвращение циркулярная политика законодательство статистика исследования женщины дети "
        "молодежь семьи трудящиеся занятость региональный глобальный национальный "
        "обязательство торговля людьми контрабанда согласованность наем переносимость пенсии "
        "навыки признание консульская защита ксенофобия переселение утечка умов"
    ),
    Language.ARABIC: (
        "في من على إلى نحن أن هذا مع الهجرة التنمية التعاون الدولي الدول الأعضاء حكومتنا "
        "المهاجرين حقوق الإنسان البلدان الدعم الوفد الحكومة يرحب الحوار المنتدى التحويلات "
        "الشراكة العمالة التنقل الشتات بناء القدرات الحدود الفقر البطالة الأمن الاندماج العودة "
        "الدائرية السياسات التشريعات الإحصاءات البحوث النساء الأطفال الشباب الأسر العمال العمل "
        "الإقليمي العالمي الوطني الالتزام الاتجار التهريب الاتساق التوظيف قابلية النقل "
        "المعاشات المهارات الاعتراف الحماية القنصلية كراهية الأجانب إعادة التوطين هجرة الأدمغة"
    ),
    # Chinese is written without spaces between words; the generator joins its words directly.
    Language.CHINESE: (
        "的 和 在 我们 对 与 是 这 移民 发展 国际 合作 会员国 我国 移徙者 人权 国家 支持 代表团 "
        "政府 欢迎 对话 论坛 汇款 伙伴关系 劳动力 流动 侨民 能力建设 边境管理 贫困 失业 安全 融合 "
        "返回 循环 政策 立法 统计 研究 妇女 儿童 青年 家庭 工人 就业 区域 全球 国家 承诺 贩运人口 "
        "偷运 一致性 招聘 可携带性 养恤金 技能 承认 领事保护 仇外心理 重新安置 人才流失"
    ),
}
OPENINGS = {
    Language.ENGLISH: "Statement by {name}",
    Language.FRENCH: "Déclaration de {name}",
    Language.SPANISH: "Declaración de {name}",
    Language.RUSSIAN: "Заявление: {name}",
    Language.ARABIC: "بيان: {name}",
    Language.CHINESE: "发言：{name}",
}
COMMON_WORDS = 20
TOPICS_PER_TEXT = (2, 5)
TOPICAL_SHARE = 0.06
SENTENCE_END = {Language.CHINESE: "。", Language.ARABIC: "."}
RETURN_REASON = "Please attach the delivered version and correct the speaker's post."


@dataclass
class ScaleSizes:
    """How much to generate; the defaults are the issue's "UN scale"."""

    processes: int = 300
    meetings: int = 3000
    statements: int = 100_000
    positions: int = 250_000
    words_min: int = 200
    words_max: int = 2000


@dataclass
class ScaleReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: list[tuple]) -> list:
    values, w = zip(*weights, strict=True)
    return values, list(itertools.accumulate(w))


class _Words:
    """Text in one language from its vocabulary, as speeches are written: the common words
    (the first ``COMMON_WORDS`` of the vocabulary) in every statement with Zipf frequencies,
    and the topical ones only in the statements on those topics (each statement picks a few),
    so that a specific term such as "remittances" is found in some statements, not in all."""

    def __init__(self, language: str):
        self.language = language
        words = VOCABULARY[language].split()
        self.common = words[:COMMON_WORDS]
        self.topical = words[COMMON_WORDS:]
        self.cum = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.common))))
        self.joiner = "" if language == Language.CHINESE else " "
        self.end = SENTENCE_END.get(language, ".")

    def text(self, rng: random.Random, n_words: int) -> str:
        topics = rng.sample(self.topical, k=min(len(self.topical), rng.randint(*TOPICS_PER_TEXT)))
        words = rng.choices(self.common, cum_weights=self.cum, k=n_words)
        for i in range(n_words):
            if rng.random() < TOPICAL_SHARE:
                words[i] = rng.choice(topics)
        paragraph: list[str] = []
        paragraphs: list[str] = []
        i = 0
        while i < n_words:
            length = rng.randint(8, 24)
            sentence = self.joiner.join(words[i : i + length])
            if self.language not in (Language.CHINESE, Language.ARABIC):
                sentence = sentence[:1].upper() + sentence[1:]
            paragraph.append(sentence + self.end)
            i += length
            if len(paragraph) >= rng.randint(3, 6):
                paragraphs.append(self.joiner.join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(self.joiner.join(paragraph))
        return "\n\n".join(paragraphs)


def _words_count(rng: random.Random, low: int, high: int) -> int:
    """A speech length between ``low`` and ``high`` words, short ones more frequent (log-uniform:
    a five-minute statement is about 600 words, a long written one 2,000)."""
    if high <= low:
        return low
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def _aware(day: datetime.date, hour: int, minute: int, time_zone: str) -> datetime.datetime:
    local = datetime.datetime.combine(day, datetime.time(hour, minute))
    return local.replace(tzinfo=zoneinfo.ZoneInfo(time_zone)).astimezone(UTC)


def scale_exists() -> bool:
    return Process.objects.filter(slug__startswith=PREFIX).exists()


def scale_delete() -> None:
    """Delete every generated row (the registry and themes stay). Raises nothing of its own."""
    with transaction.atomic():
        processes = Process.objects.filter(slug__startswith=PREFIX)
        Position.objects.filter(issue__process__in=processes).delete()
        Issue.objects.filter(process__in=processes).delete()
        Statement.objects.filter(meeting__process__in=processes).delete()
        Inscription.objects.filter(speakers_list__meeting__process__in=processes).delete()
        SpeakersList.objects.filter(meeting__process__in=processes).delete()
        Seat.objects.filter(meeting__process__in=processes).delete()
        Meeting.objects.filter(process__in=processes).delete()
        Delegation.objects.filter(process__in=processes).delete()
        processes.delete()
        Room.objects.filter(venue__name__endswith=VENUE_SUFFIX).delete()
        Venue.objects.filter(name__endswith=VENUE_SUFFIX).delete()


def scale_seed(
    *,
    seed: int = 1,
    sizes: ScaleSizes | None = None,
    log: Callable[[str], None] = lambda message: None,
    refresh_search: bool = True,
) -> ScaleReport:
    """Generate the scale data set; returns the counts and the time each step took.

    Loads the registry and themes first (idempotent). Raises ``ValueError`` if scale data is
    already there (``scale_delete`` first) or if the sizes cannot be met (more positions than
    issues x stakeholders allow is never the case: issues are added as needed).
    """
    sizes = sizes or ScaleSizes()
    if scale_exists():
        raise ValueError("Scale data is already loaded: delete it first (seed_scale --replace).")
    if sizes.processes < 1 or sizes.meetings < sizes.processes:
        raise ValueError("Need at least one process and one meeting per process.")
    rng = random.Random(seed)
    report = ScaleReport()
    clock = _Clock(report, log)

    with clock("registry and themes"):
        themes_load(report=registry_load())
    # Sorted in Python: PostgreSQL's collation may order slugs otherwise than SQLite does.
    stakeholders = sorted(Stakeholder.objects.all(), key=lambda s: s.slug)
    member_states = [s for s in stakeholders if s.kind == StakeholderKind.MEMBER_STATE]
    others = [s for s in stakeholders if s.kind != StakeholderKind.MEMBER_STATE]
    themes = sorted(Theme.objects.all(), key=lambda t: t.slug)

    with transaction.atomic():
        with clock("venues, rooms, processes, meetings"):
            venues, rooms = _venues()
            processes = _processes(rng, sizes)
            meetings = _meetings(rng, sizes, processes, venues, rooms, themes)
        with clock("delegations, seats, speakers lists"):
            delegations = _delegations(rng, processes, member_states, others)
            _seats(rng, processes, meetings, delegations)
            _speakers_lists(rng, meetings, delegations)
        with clock("statements"):
            statement_of = _statements(rng, sizes, meetings, delegations, themes, log)
        with clock("issues and positions"):
            _positions(rng, sizes, processes, stakeholders, statement_of)
    if refresh_search:
        from consultations.search import statement_search_refresh_all

        with clock("search vectors"):
            statement_search_refresh_all()
    # VACUUM too where it can run (not inside a transaction, as under a test): the visibility map
    # it writes lets counts read the indexes alone, as autovacuum would after a while.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    with clock(command), connection.cursor() as cursor:
        cursor.execute(command)
    report.counts = scale_counts()
    return report


class _Clock:
    def __init__(self, report: ScaleReport, log):
        self.report, self.log = report, log

    def __call__(self, step: str):
        self.step = step
        return self

    def __enter__(self):
        import time

        self.started = time.perf_counter()
        self.log(f"{self.step}...")

    def __exit__(self, *exc):
        import time

        elapsed = time.perf_counter() - self.started
        self.report.seconds[self.step] = elapsed
        if exc[0] is None:
            self.log(f"{self.step}: {elapsed:.1f} s")


def _venues() -> tuple[list[Venue], dict[int, list[Room]]]:
    venues = Venue.objects.bulk_create(
        Venue(name=f"{name}, {city}{VENUE_SUFFIX}", city=city, country=country, time_zone=tz)
        for name, city, country, tz in VENUES
    )
    rooms = Room.objects.bulk_create(
        Room(venue=venue, name=name, capacity=capacity)
        for venue in venues
        for name, capacity in ROOMS
    )
    by_venue: dict[int, list[Room]] = {}
    for room in rooms:
        by_venue.setdefault(room.venue_id, []).append(room)
    return venues, by_venue


def _processes(rng: random.Random, sizes: ScaleSizes) -> list[Process]:
    processes = []
    for i in range(sizes.processes):
        year = 1995 + i * 40 // max(sizes.processes, 1)
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        topic = PROCESS_TOPICS[i % len(PROCESS_TOPICS)]
        processes.append(
            Process(
                slug=f"{PREFIX}{i + 1:04d}",
                title=f"High-level meeting on {topic} ({year}, {i + 1})",
                short_title=f"HLM {topic[:50]} {i + 1}",
                description="Generated for load tests (seed_scale).",
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(30, 400)),
                round_tables_per_state=rng.choice([1, 1, 1, 2]),
                round_table_cap=rng.choice([None, 25, 45, 50]),
                regional_balance=rng.random() < 0.8,
                co_chairs_per_round_table=2,
                minutes_per_speaker=rng.choice([3, 4, 5, 5, 5, 7]),
            )
        )
    return Process.objects.bulk_create(processes, batch_size=BATCH)


def _meetings(rng, sizes, processes, venues, rooms, themes) -> list[Meeting]:
    per_process = [sizes.meetings // len(processes)] * len(processes)
    for i in range(sizes.meetings % len(processes)):
        per_process[i] += 1
    top_themes = [t for t in themes if t.parent_id is None] or [None]
    meetings = []
    for process, count in zip(processes, per_process, strict=True):
        numbers: dict[str, int] = {}
        day = process.start_date
        home = rng.choice(venues)
        for j in range(count):
            kind = MEETING_KINDS[j % len(MEETING_KINDS)]
            numbers[kind] = numbers.get(kind, 0) + 1
            n = numbers[kind]
            venue = home if kind != MeetingKind.PREPARATORY_PANEL else rng.choice(venues)
            room_list = rooms[venue.pk]
            room = room_list[0] if kind == MeetingKind.PLENARY else rng.choice(room_list[1:])
            day = day + datetime.timedelta(days=rng.choice([0, 1, 1, 2, 7, 30]))
            hour = rng.choice([10, 15])
            start = _aware(day, hour, 0, venue.time_zone)
            end = start + datetime.timedelta(hours=3)
            meetings.append(
                Meeting(
                    process=process,
                    slug=f"{process.slug}-{kind.replace('_', '-')}-{n}",
                    kind=kind,
                    number=n,
                    title=MEETING_TITLES[kind].format(n=n),
                    theme=rng.choice(top_themes) if kind == MeetingKind.ROUND_TABLE else None,
                    venue=venue,
                    room=room,
                    start=start,
                    end=end,
                    status=rng.choice(
                        [MeetingStatus.HELD] * 6 + [MeetingStatus.CONFIRMED, MeetingStatus.PLANNED]
                    )
                    if rng.random() > 0.02
                    else MeetingStatus.CANCELLED,
                    statement_deadline=start - datetime.timedelta(days=1),
                    capacity=rng.choice([None, 60, 120])
                    if kind == MeetingKind.ROUND_TABLE
                    else None,
                )
            )
    return Meeting.objects.bulk_create(meetings, batch_size=BATCH)


def _delegations(rng, processes, member_states, others) -> dict[int, list[Delegation]]:
    levels, cum = _weighted(rng, LEVEL_WEIGHTS)
    rows = []
    for process in processes:
        states = rng.sample(member_states, k=int(len(member_states) * rng.uniform(0.6, 0.95)))
        bodies = rng.sample(others, k=int(len(others) * rng.uniform(0.3, 0.8)))
        for stakeholder in sorted(states + bodies, key=lambda s: s.slug):
            level = (
                rng.choices(levels, cum_weights=cum)[0]
                if stakeholder.kind == StakeholderKind.MEMBER_STATE
                else ProtocolRank.HEAD_OF_DELEGATION
            )
            rows.append(
                Delegation(
                    process=process,
                    stakeholder=stakeholder,
                    head_post=POSTS[level],
                    level=level,
                )
            )
    created = Delegation.objects.bulk_create(rows, batch_size=BATCH)
    by_process: dict[int, list[Delegation]] = {}
    for delegation in created:
        by_process.setdefault(delegation.process_id, []).append(delegation)
    return by_process


def _seats(rng, processes, meetings, delegations) -> None:
    """Each Member State delegation gets a seat at one round table (the cap permitting)."""
    states = {s.pk for s in Stakeholder.objects.filter(kind=StakeholderKind.MEMBER_STATE)}
    tables: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.kind == MeetingKind.ROUND_TABLE:
            tables.setdefault(meeting.process_id, []).append(meeting)
    rows = []
    for process in processes:
        process_tables = tables.get(process.pk, [])
        if not process_tables:
            continue
        cap = process.round_table_cap or 45
        taken = {t.pk: 0 for t in process_tables}
        candidates = [d for d in delegations.get(process.pk, []) if d.stakeholder_id in states]
        rng.shuffle(candidates)
        for delegation in candidates:
            choice = rng.randrange(len(process_tables))
            for offset in range(len(process_tables)):
                table = process_tables[(choice + offset) % len(process_tables)]
                if taken[table.pk] < cap:
                    taken[table.pk] += 1
                    rows.append(
                        Seat(
                            meeting=table,
                            delegation=delegation,
                            source=SeatSource.ALLOCATION,
                            choice=offset + 1 if offset < 2 else None,
                        )
                    )
                    break
    Seat.objects.bulk_create(rows, batch_size=BATCH)


def _speakers_lists(rng, meetings, delegations) -> None:
    """A speakers list for every meeting but the round tables, in protocol order."""
    listed = [m for m in meetings if m.kind != MeetingKind.ROUND_TABLE]
    lists = SpeakersList.objects.bulk_create(
        (
            SpeakersList(
                meeting=m,
                opens_at=m.start - datetime.timedelta(days=30),
                closes_at=m.start - datetime.timedelta(hours=1),
                minutes_per_speaker=m.process.minutes_per_speaker,
            )
            for m in listed
        ),
        batch_size=BATCH,
    )
    kinds = {s.pk: s.kind for s in Stakeholder.objects.all()}
    rows = []
    for meeting, speakers_list in zip(listed, lists, strict=True):
        pool = delegations.get(meeting.process_id, [])
        size = min(len(pool), rng.randint(10, 60 if meeting.kind == MeetingKind.PLENARY else 20))
        chosen = rng.sample(pool, k=size)
        chosen.sort(
            key=lambda d: (
                0 if kinds[d.stakeholder_id] == StakeholderKind.MEMBER_STATE else 1,
                d.level,
                d.pk,
            )
        )
        held = meeting.status == MeetingStatus.HELD
        at = meeting.start
        for position, delegation in enumerate(chosen, start=1):
            withdrawn = rng.random() < 0.03
            spoke = held and not withdrawn
            rows.append(
                Inscription(
                    speakers_list=speakers_list,
                    stakeholder_id=delegation.stakeholder_id,
                    speaker_post=delegation.head_post,
                    level=delegation.level,
                    status=InscriptionStatus.WITHDRAWN
                    if withdrawn
                    else (InscriptionStatus.SPOKE if spoke else InscriptionStatus.INSCRIBED),
                    position=None if withdrawn else position,
                    inscribed_at=speakers_list.opens_at
                    + datetime.timedelta(minutes=rng.randrange(60 * 24 * 29)),
                    spoke_at=at if spoke else None,
                    spoke_seconds=rng.randint(150, 480) if spoke else None,
                )
            )
            if spoke:
                at = at + datetime.timedelta(seconds=rows[-1].spoke_seconds)
    Inscription.objects.bulk_create(rows, batch_size=BATCH)


def _statements(rng, sizes, meetings, delegations, themes, log) -> dict[tuple[int, int], int]:
    """Create the statements in batches; returns the first published statement id of each
    (process, stakeholder), for the positions to cite."""
    words = {language: _Words(language) for language in VOCABULARY}
    states, state_cum = _weighted(rng, STATE_WEIGHTS)
    by_pk = {s.pk: s for s in Stakeholder.objects.all()}
    leaves = [t for t in themes if t.parent_id is not None] or themes
    through = Statement.themes.through
    statement_of: dict[tuple[int, int], int] = {}
    usable = [m for m in meetings if delegations.get(m.process_id)]
    done = 0
    while done < sizes.statements:
        count = min(STATEMENT_BATCH, sizes.statements - done)
        rows, tags = [], []
        for _ in range(count):
            meeting = rng.choice(usable)
            delegation = rng.choice(delegations[meeting.process_id])
            stakeholder = by_pk[delegation.stakeholder_id]
            language = LANGUAGES.get(stakeholder.iso3 or "")
            if language is None or rng.random() < 0.15:
                language = rng.choices(
                    [Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.ARABIC,
                     Language.RUSSIAN, Language.CHINESE],
                    cum_weights=[60, 75, 87, 93, 97, 100],
                )[0]  # fmt: skip
            state = rng.choices(states, cum_weights=state_cum)[0]
            delivered = meeting.start + datetime.timedelta(minutes=rng.randrange(180))
            published = state == StatementState.PUBLISHED
            submitted = state != StatementState.DRAFT
            n_words = _words_count(rng, sizes.words_min, sizes.words_max)
            name = stakeholder.name
            rows.append(
                Statement(
                    meeting=meeting,
                    stakeholder=stakeholder,
                    speaker_post=delegation.head_post,
                    language=language,
                    title=f"{OPENINGS[language].format(name=name)} — {meeting.title}",
                    text=words[language].text(rng, n_words),
                    state=state,
                    return_reason=RETURN_REASON if state == StatementState.RETURNED else "",
                    # "Check against delivery": a fifth of them, until the delivery time.
                    embargo_until=delivered if rng.random() < 0.2 else None,
                    submitted_at=meeting.start - datetime.timedelta(hours=rng.randint(2, 72))
                    if submitted
                    else None,
                    published_at=meeting.start - datetime.timedelta(hours=1) if published else None,
                )
            )
            tags.append(rng.sample(leaves, k=min(len(leaves), rng.randint(1, 3))))
        created = Statement.objects.bulk_create(rows)
        through.objects.bulk_create(
            (
                through(statement_id=s.pk, theme_id=t.pk)
                for s, picked in zip(created, tags, strict=True)
                for t in picked
            ),
            batch_size=BATCH,
        )
        for s in created:
            if s.state == StatementState.PUBLISHED:
                statement_of.setdefault((s.meeting.process_id, s.stakeholder_id), s.pk)
        done += count
        log(f"  statements: {done}/{sizes.statements}")
    return statement_of


def _positions(rng, sizes, processes, stakeholders, statement_of) -> None:
    """Exactly ``sizes.positions`` positions, spread evenly over the processes, each process
    tracking as many issues as its share needs (one position per stakeholder and issue)."""
    stances, stance_cum = _weighted(rng, STANCE_WEIGHTS)
    per_process = [sizes.positions // len(processes)] * len(processes)
    for i in range(sizes.positions % len(processes)):
        per_process[i] += 1
    issues, plan = [], []
    for process, wanted in zip(processes, per_process, strict=True):
        n_issues = max(1, math.ceil(wanted / len(stakeholders))) if wanted else 0
        shares = [wanted // n_issues + (1 if k < wanted % n_issues else 0) for k in range(n_issues)]
        for k, share in enumerate(shares):
            slug, title = ISSUE_TITLES[k % len(ISSUE_TITLES)]
            suffix = f"-{k // len(ISSUE_TITLES) + 1}" if k >= len(ISSUE_TITLES) else ""
            issues.append(
                Issue(
                    process=process,
                    slug=f"{PREFIX}{slug}{suffix}",
                    title=title + (f" ({suffix[1:]})" if suffix else ""),
                    short_title=slug.replace("-", " "),
                    order=k,
                )
            )
            plan.append((process, share))
    issues = Issue.objects.bulk_create(issues, batch_size=BATCH)
    rows = []
    for issue, (process, share) in zip(issues, plan, strict=True):
        for stakeholder in rng.sample(stakeholders, k=share):
            rows.append(
                Position(
                    issue=issue,
                    stakeholder=stakeholder,
                    stance=rng.choices(stances, cum_weights=stance_cum)[0],
                    statement_id=statement_of.get((process.pk, stakeholder.pk)),
                )
            )
        if len(rows) >= BATCH * 4:
            Position.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    Position.objects.bulk_create(rows, batch_size=BATCH)


def scale_counts() -> dict[str, int]:
    """Rows of generated data, per model."""
    processes = Process.objects.filter(slug__startswith=PREFIX)
    return {
        "processes": processes.count(),
        "meetings": Meeting.objects.filter(process__in=processes).count(),
        "venues": Venue.objects.filter(name__endswith=VENUE_SUFFIX).count(),
        "delegations": Delegation.objects.filter(process__in=processes).count(),
        "seats": Seat.objects.filter(meeting__process__in=processes).count(),
        "speakers_lists": SpeakersList.objects.filter(meeting__process__in=processes).count(),
        "inscriptions": Inscription.objects.filter(
            speakers_list__meeting__process__in=processes
        ).count(),
        "statements": Statement.objects.filter(meeting__process__in=processes).count(),
        "issues": Issue.objects.filter(process__in=processes).count(),
        "positions": Position.objects.filter(issue__process__in=processes).count(),
    }


def scale_fingerprint() -> str:
    """A SHA-256 of the generated data by natural keys (slugs, not ids), so that two databases
    or two runs with the same seed compare equal. Rows are sorted in Python: collations differ
    between databases. Texts enter as their own SHA-256."""
    digest = hashlib.sha256()
    processes = Process.objects.filter(slug__startswith=PREFIX)
    parts = [
        processes.values_list(
            "slug", "title", "start_date", "end_date", "round_table_cap", "minutes_per_speaker"
        ),
        Meeting.objects.filter(process__in=processes).values_list(
            "slug", "kind", "venue__name", "room__name", "start", "status"
        ),
        Delegation.objects.filter(process__in=processes).values_list(
            "process__slug", "stakeholder__slug", "level"
        ),
        Seat.objects.filter(meeting__process__in=processes).values_list(
            "meeting__slug", "delegation__stakeholder__slug", "choice"
        ),
        Inscription.objects.filter(speakers_list__meeting__process__in=processes).values_list(
            "speakers_list__meeting__slug",
            "stakeholder__slug",
            "position",
            "status",
            "level",
            "inscribed_at",
        ),
        Statement.objects.filter(meeting__process__in=processes).values_list(
            "meeting__slug",
            "stakeholder__slug",
            "language",
            "title",
            "text",
            "state",
            "embargo_until",
        ),
        Position.objects.filter(issue__process__in=processes).values_list(
            "issue__process__slug", "issue__slug", "stakeholder__slug", "stance"
        ),
    ]
    for queryset in parts:
        rows = sorted(
            repr(tuple(_normal(v) for v in row)) for row in queryset.order_by().iterator(2000)
        )
        digest.update(str(len(rows)).encode())
        for row in rows:
            digest.update(row.encode())
    return digest.hexdigest()


def _normal(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str) and len(value) > 300:
        return hashlib.sha256(value.encode()).hexdigest()
    return value

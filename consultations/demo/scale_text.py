# ruff: noqa: RUF001 (statements in the six languages: Cyrillic and CJK letters are meant)
"""The texts of the scale data set's statements: a vocabulary per official language and
speech-like paragraphs drawn from it (see ``consultations.demo.scale``)."""

import itertools
import math
import random

from consultations.choices import Language

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


class Words:
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


def words_count(rng: random.Random, low: int, high: int) -> int:
    """A speech length between ``low`` and ``high`` words, short ones more frequent (log-uniform:
    a five-minute statement is about 600 words, a long written one 2,000)."""
    if high <= low:
        return low
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))

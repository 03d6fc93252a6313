# ruff: noqa: RUF001 (the fullwidth punctuation of Chinese and the Arabic comma are the text)
"""The demo's illustrative statements in the language each is tagged with (issue 14 item 5).

Short, plausible sentences in the six official languages, so that the search of each language
and the right-to-left pages can be judged on real text. They are invented, not the record: the
first line of every text says so in its own language (and the rows are marked illustrative, so
every page shows the note). The stakeholder's name is left out of the texts in other languages
than English (the page shows it beside the statement, and names are the registry's) and kept
in the title.
"""

from consultations.choices import Language, Stance

EN, FR, ES, RU, ZH, AR = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.RUSSIAN,
    Language.CHINESE,
    Language.ARABIC,
)

ILLUSTRATIVE_LINES = {
    EN: "Illustrative statement generated for the hlderp demo; not the 2006 record.",
    FR: "Déclaration fictive générée pour la démonstration de hlderp ; ce n'est pas le compte "
    "rendu de 2006.",
    ES: "Declaración ficticia generada para la demostración de hlderp; no es el acta de 2006.",
    RU: "Вымышленное заявление, созданное для демонстрации hlderp; это не запись 2006 года.",
    ZH: "为 hlderp 演示生成的示例发言，并非2006年的记录。",
    AR: "بيان توضيحي أُعدّ لعرض hlderp التجريبي، وليس من سجل عام 2006.",
}

TITLES = {
    EN: "Statement by {name}",
    FR: "Déclaration : {name}",
    ES: "Declaración: {name}",
    RU: "Заявление: {name}",
    ZH: "发言：{name}",
    AR: "بيان: {name}",
}

# The opening line; English names the speaker, as the demo always has.
WELCOMES = {
    EN: "{name} welcomes the High-level Dialogue on International Migration and Development.",
    FR: "Notre délégation se félicite du Dialogue de haut niveau sur les migrations "
    "internationales et le développement.",
    ES: "Nuestra delegación acoge con satisfacción el Diálogo de alto nivel sobre la migración "
    "internacional y el desarrollo.",
    RU: "Наша делегация приветствует Диалог на высоком уровне по вопросам международной "
    "миграции и развития.",
    ZH: "我国代表团欢迎召开国际移民与发展问题高级别对话。",
    AR: "يرحب وفدنا بالحوار الرفيع المستوى بشأن الهجرة الدولية والتنمية.",
}

THEME_SENTENCES = {
    "international-cooperation": {
        EN: "We call for strengthened international cooperation to promote the positive impact "
        "of international migration on development.",
        FR: "Nous appelons à renforcer la coopération internationale pour favoriser l'effet "
        "positif des migrations internationales sur le développement.",
        ES: "Pedimos una cooperación internacional más estrecha para promover el efecto positivo "
        "de la migración internacional en el desarrollo.",
        RU: "Мы призываем укреплять международное сотрудничество, чтобы усилить положительное "
        "влияние международной миграции на развитие.",
        ZH: "我们呼吁加强国际合作，促进国际移民对发展的积极影响。",
        AR: "ندعو إلى تعزيز التعاون الدولي من أجل تعظيم الأثر الإيجابي للهجرة الدولية في التنمية.",
    },
    "violations-of-human-rights": {
        EN: "Respect for the human rights of all migrants is essential to ensure that "
        "international migration is beneficial for all.",
        FR: "Le respect des droits de l'homme de tous les migrants est essentiel pour que les "
        "migrations internationales profitent à tous.",
        ES: "El respeto de los derechos humanos de todos los migrantes es esencial para que la "
        "migración internacional beneficie a todos.",
        RU: "Соблюдение прав человека всех мигрантов необходимо, чтобы международная миграция "
        "приносила пользу всем.",
        ZH: "尊重所有移民的人权，是确保国际移民惠及各方的关键。",
        AR: "إن احترام حقوق الإنسان لجميع المهاجرين أمر أساسي لكي تعود الهجرة الدولية بالنفع "
        "على الجميع.",
    },
    "trafficking-in-persons": {
        EN: "International cooperation is needed to combat trafficking in persons and prevent "
        "the smuggling of migrants.",
        FR: "La coopération internationale est nécessaire pour combattre la traite des personnes "
        "et prévenir le trafic illicite de migrants.",
        ES: "Se necesita cooperación internacional para combatir la trata de personas y prevenir "
        "el tráfico ilícito de migrantes.",
        RU: "Необходимо международное сотрудничество для борьбы с торговлей людьми и "
        "предотвращения незаконного ввоза мигрантов.",
        ZH: "需要开展国际合作，打击贩运人口，防止偷运移民。",
        AR: "يلزم التعاون الدولي لمكافحة الاتجار بالأشخاص ومنع تهريب المهاجرين.",
    },
    "poverty": {
        EN: "Poverty remains a root cause of migration that must be addressed.",
        FR: "La pauvreté demeure une cause profonde de la migration à laquelle il faut s'attaquer.",
        ES: "La pobreza sigue siendo una causa fundamental de la migración que debe abordarse.",
        RU: "Бедность остаётся коренной причиной миграции, которую необходимо устранять.",
        ZH: "贫困仍然是移民的根本原因，必须加以解决。",
        AR: "لا يزال الفقر سببًا جذريًا للهجرة يجب التصدي له.",
    },
    "unemployment": {
        EN: "Unemployment, above all among the young, drives many to leave.",
        FR: "Le chômage, surtout chez les jeunes, pousse beaucoup de gens à partir.",
        ES: "El desempleo, sobre todo entre los jóvenes, empuja a muchos a marcharse.",
        RU: "Безработица, прежде всего среди молодёжи, вынуждает многих уезжать.",
        ZH: "失业问题，尤其是青年失业，迫使许多人离开家园。",
        AR: "البطالة، ولا سيما بين الشباب، تدفع كثيرين إلى الرحيل.",
    },
    "lack-of-peace-and-security": {
        EN: "Lack of peace and security forces people from their homes.",
        FR: "L'absence de paix et de sécurité chasse les gens de leurs foyers.",
        ES: "La falta de paz y de seguridad obliga a las personas a abandonar sus hogares.",
        RU: "Отсутствие мира и безопасности вынуждает людей покидать свои дома.",
        ZH: "缺乏和平与安全迫使人们背井离乡。",
        AR: "إن انعدام السلام والأمن يجبر الناس على ترك ديارهم.",
    },
    "remittances": {
        EN: "Remittances should be cheaper, safer and faster to send.",
        FR: "Les envois de fonds devraient être moins coûteux, plus sûrs et plus rapides.",
        ES: "Las remesas deberían ser más baratas, más seguras y más rápidas de enviar.",
        RU: "Денежные переводы должны быть дешевле, надёжнее и быстрее.",
        ZH: "汇款应当更便宜、更安全、更快捷。",
        AR: "ينبغي أن تكون التحويلات المالية أقل كلفة وأكثر أمانًا وأسرع.",
    },
    "statistics-and-research": {
        EN: "We need capacity-building in statistics and research on migration.",
        FR: "Nous avons besoin d'un renforcement des capacités en matière de statistiques et de "
        "recherche sur les migrations.",
        ES: "Necesitamos fomentar la capacidad en estadísticas e investigación sobre la migración.",
        RU: "Нам необходимо наращивание потенциала в области статистики и исследований миграции.",
        ZH: "我们需要在移民统计和研究方面加强能力建设。",
        AR: "نحتاج إلى بناء القدرات في مجال الإحصاءات والبحوث المتعلقة بالهجرة.",
    },
    "border-control": {
        EN: "We ask for support in building capacity for border control.",
        FR: "Nous demandons un appui pour renforcer nos capacités de contrôle des frontières.",
        ES: "Solicitamos apoyo para fortalecer nuestra capacidad de control de fronteras.",
        RU: "Мы просим поддержки в укреплении потенциала пограничного контроля.",
        ZH: "我们请求在边境管控能力建设方面给予支持。",
        AR: "نطلب الدعم في بناء القدرات في مجال مراقبة الحدود.",
    },
    "policy-development": {
        EN: "Capacity-building in policy development would help us greatly.",
        FR: "Un renforcement des capacités en matière d'élaboration des politiques nous aiderait "
        "beaucoup.",
        ES: "El fomento de la capacidad en la formulación de políticas nos ayudaría mucho.",
        RU: "Наращивание потенциала в разработке политики очень помогло бы нам.",
        ZH: "政策制定方面的能力建设将对我们大有帮助。",
        AR: "إن بناء القدرات في مجال وضع السياسات سيساعدنا كثيرًا.",
    },
    "drafting-of-legislation": {
        EN: "We seek assistance in drafting legislation on migration.",
        FR: "Nous sollicitons une aide pour rédiger notre législation sur les migrations.",
        ES: "Solicitamos asistencia para redactar legislación sobre migración.",
        RU: "Мы просим помощи в разработке законодательства о миграции.",
        ZH: "我们希望在起草移民立法方面获得援助。",
        AR: "نلتمس المساعدة في صياغة التشريعات المتعلقة بالهجرة.",
    },
    "training-in-human-rights": {
        EN: "Training in human rights for officials is a priority.",
        FR: "La formation des fonctionnaires aux droits de l'homme est une priorité.",
        ES: "La capacitación de los funcionarios en derechos humanos es una prioridad.",
        RU: "Обучение должностных лиц в области прав человека является приоритетом.",
        ZH: "对官员进行人权培训是一项优先事项。",
        AR: "يشكل تدريب المسؤولين في مجال حقوق الإنسان أولوية.",
    },
}

STANCE_SENTENCES = {
    Stance.SUPPORTS: {
        EN: "We support the creation of a State-owned, voluntary Global Forum.",
        FR: "Nous appuyons la création d'un Forum mondial facultatif, piloté par les États.",
        ES: "Apoyamos la creación de un Foro Mundial voluntario y dirigido por los Estados.",
        RU: "Мы поддерживаем создание добровольного Глобального форума под руководством "
        "государств.",
        ZH: "我们支持建立一个由国家主导、自愿参加的全球论坛。",
        AR: "نؤيد إنشاء منتدى عالمي طوعي تقوده الدول.",
    },
    Stance.SUPPORTS_WITH_RESERVATIONS: {
        EN: "We can support a Forum if it stays informal, non-binding and outside the United "
        "Nations.",
        FR: "Nous pouvons appuyer un Forum s'il reste informel, non contraignant et en dehors de "
        "l'Organisation des Nations Unies.",
        ES: "Podemos apoyar un Foro si sigue siendo oficioso, no vinculante y ajeno a las "
        "Naciones Unidas.",
        RU: "Мы можем поддержать форум, если он останется неофициальным, необязательным и вне "
        "рамок Организации Объединённых Наций.",
        ZH: "如果论坛保持非正式、不具约束力且独立于联合国之外，我们可以支持。",
        AR: "يمكننا تأييد المنتدى إذا ظل غير رسمي وغير ملزم وخارج إطار الأمم المتحدة.",
    },
    Stance.NEUTRAL: {
        EN: "We will study the proposal of a Forum with interest.",
        FR: "Nous étudierons avec intérêt la proposition d'un Forum.",
        ES: "Estudiaremos con interés la propuesta de un Foro.",
        RU: "Мы с интересом изучим предложение о создании форума.",
        ZH: "我们将认真研究关于设立论坛的提议。",
        AR: "سندرس باهتمام اقتراح إنشاء المنتدى.",
    },
    Stance.OPPOSES: {
        EN: "We do not see the need for a new Forum; existing mechanisms suffice.",
        FR: "Nous ne voyons pas la nécessité d'un nouveau Forum : les mécanismes existants "
        "suffisent.",
        ES: "No vemos la necesidad de un nuevo Foro; los mecanismos existentes bastan.",
        RU: "Мы не видим необходимости в новом форуме: существующих механизмов достаточно.",
        ZH: "我们认为没有必要设立新的论坛，现有机制已经足够。",
        AR: "لا نرى حاجة إلى منتدى جديد، فالآليات القائمة كافية.",
    },
}

BELGIUM_OFFER = {
    EN: "Belgium offers to organize and host the first meeting of a Global Forum on "
    "International Migration and Development in July 2007.",
    FR: "La Belgique propose d'organiser et d'accueillir la première réunion d'un Forum mondial "
    "sur la migration et le développement en juillet 2007.",
}

# The two statements in progress (a Belgian draft, a Mexican submission) at round table 4.
WORK_IN_PROGRESS = {
    FR: (
        "Table ronde 4 : contribution ({name})",
        "Partenariats et renforcement des capacités : notre pays partage son expérience des "
        "programmes de migration circulaire.",
    ),
    ES: (
        "Mesa redonda 4: contribución ({name})",
        "Alianzas y fomento de la capacidad: nuestro país comparte su experiencia con los "
        "programas de migración circular.",
    ),
}

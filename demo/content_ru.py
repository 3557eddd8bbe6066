"""Russian translations of the demo content, keyed by the English source text.

``load_demo_content`` feeds them to wagtail-localize as a translator would: it
exports each page's and snippet's PO file, fills in these strings and imports it,
so every Russian page stays linked to (and synchronisable with) its English source.
"""

from demo.catalogue import FIELDS_OF_WORK_RU, ORGANISATIONS

# The event types the institution's listings use, in the order an editor meets them.
EVENT_TYPES_RU = {
    "Training": "Тренинг",
    "Conference": "Конференция",
    "Meeting": "Совещание",
    "Workshop": "Семинар-практикум",
    "Webinar": "Вебинар",
    "Seminar": "Семинар",
    "Side event": "Параллельное мероприятие",
    "Expert meeting": "Совещание экспертов",
    "Roundtable": "Круглый стол",
    "Press conference": "Пресс-конференция",
    "Call for applications": "Прием заявок",
}

# The collections the catalogue's publications belong to.
COLLECTIONS_RU = {
    "ODIHR Annual Reports": "Ежегодные доклады БДИПЧ",
    "Election handbooks": "Руководства по выборам",
    "SPMU Publication Series": "Серия публикаций ГСВП",
}

THEMATIC_AREAS_RU = {
    "Elections": "Выборы",
    "Civil society": "Гражданское общество",
    "Rule of law": "Верховенство права",
    "Democratic governance": "Демократическое управление",
    "Legislative support": "Содействие законотворческой деятельности",
    "Freedom of religion or belief": "Свобода религии или убеждений",
    "Freedom of peaceful assembly": "Свобода мирных собраний",
    "Gender-based violence": "Гендерное насилие",
    "Human rights defenders": "Правозащитники",
    "Human rights and new technologies": "Права человека и новые технологии",
    "Human rights and gender-responsive security sector": (
        "Права человека и учитывающий гендерные аспекты сектор безопасности"
    ),
    "Human rights and anti-terrorism": "Права человека и борьба с терроризмом",
    "Migration and freedom of movement": "Миграция и свобода передвижения",
    "National human rights institutions": "Национальные правозащитные учреждения",
    "Torture": "Пытки",
    "Trafficking in human beings": "Торговля людьми",
    "Hate crime": "Преступления на почве ненависти",
    "People with disabilities": "Люди с инвалидностью",
    "Racism, xenophobia and discrimination": "Расизм, ксенофобия и дискриминация",
    "Roma and Sinti": "Рома и синти",
    "Gender equality": "Гендерное равенство",
    "Special meetings": "Специальные совещания",
}

RUSSIAN = {
    # Site and menu pages
    "Home": "Главная",
    "Office for Democratic Institutions and Human Rights": (
        "Бюро по демократическим институтам и правам человека"
    ),
    "We promote democratic elections, respect for human rights, tolerance and "
    "non-discrimination, and the rule of law.": (
        "Мы содействуем проведению демократических выборов, уважению прав человека, "
        "толерантности и недискриминации, а также верховенству права."
    ),
    "About us": "О нас",
    "Who we are and what we do.": "Кто мы и чем занимаемся.",
    "The Office for Democratic Institutions and Human Rights helps participating States to "
    "ensure full respect for human rights and fundamental freedoms, to abide by the rule of "
    "law, to promote principles of democracy and to build, strengthen and protect democratic "
    "institutions, as well as to promote tolerance throughout society.": (
        "Бюро по демократическим институтам и правам человека помогает государствам-участникам "
        "обеспечивать полное уважение прав человека и основных свобод, соблюдать принцип "
        "верховенства права, продвигать принципы демократии, создавать, укреплять и защищать "
        "демократические институты, а также поощрять терпимость в обществе."
    ),
    "Our work": "Наша работа",
    "Our work covers the thematic areas below.": (
        "Наша работа охватывает перечисленные ниже тематические направления."
    ),
    "News": "Новости",
    "News from our work across the region.": "Новости о нашей работе в регионе.",
    "Events": "Мероприятия",
    "Trainings, conferences, meetings and other events.": (
        "Тренинги, конференции, встречи и другие мероприятия."
    ),
    "Resources": "Материалы",
    "Publications, guidelines, reports and other resources.": (
        "Публикации, руководства, доклады и другие материалы."
    ),
    # Taxonomies (fields of work and organisations: from the catalogue, below)
    "ODIHR": "БДИПЧ",
    "OSCE": "ОБСЕ",
    # The seed event
    "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement": (
        "Совместный тренинг по противодействию преступлениям на почве ненависти для "
        "представителей гражданского общества и правоохранительных органов"
    ),
    "Sibiu": "Сибиу",
    "OSCE Office for Democratic Institutions and Human Rights (ODIHR) in cooperation with the "
    "civil society organization ACCEPT": (
        "Бюро ОБСЕ по демократическим институтам и правам человека (БДИПЧ) в сотрудничестве "
        "с организацией гражданского общества ACCEPT"
    ),
    "A joint training for civil society and law enforcement in Romania to deepen co-operation "
    "between police and civil society organizations in supporting hate crime victims.": (
        "Совместный тренинг для представителей гражданского общества и правоохранительных "
        "органов Румынии, направленный на углубление сотрудничества полиции и организаций "
        "гражданского общества в поддержке жертв преступлений на почве ненависти."
    ),
    "About": "О мероприятии",
    "Why is this important?": "Почему это важно?",
    "Background": "Справочная информация",
    "This joint training for representatives of civil society and law enforcement aims to "
    "deepen co-operation between police and civil society organizations in Romania as part of "
    "ODIHR’s work to strengthen hate crime victim support.": (
        "Этот совместный тренинг для представителей гражданского общества и "
        "правоохранительных органов призван углубить сотрудничество между полицией и "
        "организациями гражданского общества в Румынии в рамках работы БДИПЧ по укреплению "
        "поддержки жертв преступлений на почве ненависти."
    ),
    "Participants will examine practical elements of the police response to hate crime victims, "
    "including individual needs assessments and referral mechanisms, and examine measures to "
    "ensure the sensitive treatment of hate crime victims. These sessions will be supplemented by "
    "exercises to sensitize participants to the experiences of victimized groups and the "
    "challenges they face in their daily lives because of their identities.": (
        "Участники рассмотрят практические аспекты реагирования полиции на обращения жертв "
        "преступлений на почве ненависти, включая индивидуальную оценку потребностей и "
        "механизмы перенаправления, а также меры, обеспечивающие деликатное обращение с "
        "жертвами таких преступлений. Эти занятия будут дополнены упражнениями, которые "
        "помогут участникам лучше понять опыт пострадавших групп и трудности, с которыми они "
        "сталкиваются в повседневной жизни из-за своей идентичности."
    ),
    "Additionally, participants will identify barriers to cooperation between civil society "
    "organizations and the police. They will work together to develop strategies to overcome "
    "these barriers in line with the local context and the needs of communities victimized by "
    "hate crime.": (
        "Кроме того, участники определят препятствия для сотрудничества между организациями "
        "гражданского общества и полицией. Вместе они разработают стратегии преодоления этих "
        "препятствий с учётом местного контекста и потребностей сообществ, пострадавших от "
        "преступлений на почве ненависти."
    ),
    "Effective cooperation between police and civil society is vital to providing specialist "
    "support services to hate crime victims. Needs assessments and referral mechanisms ensure "
    "that victims are directed to support services tailored to their needs, while sensitive and "
    "respectful treatment is key to preventing secondary victimization and improving victims’ "
    "experience of the justice criminal process.": (
        "Эффективное сотрудничество между полицией и гражданским обществом крайне важно для "
        "предоставления специализированных услуг поддержки жертвам преступлений на почве "
        "ненависти. Оценка потребностей и механизмы перенаправления позволяют направлять "
        "пострадавших в службы поддержки, отвечающие их потребностям, а деликатное и "
        "уважительное обращение играет ключевую роль в предотвращении вторичной виктимизации "
        "и в улучшении опыта взаимодействия пострадавших с системой уголовного правосудия."
    ),
    "The workshop is organized as part of a joint initiative of ODIHR and the European "
    "Commission on Strengthening Targeted Assistance and Response Structures for Hate Crime "
    "Victims in the OSCE Region (STARS). The initiative is funded by the European Union through "
    "the “Support to the Organization for Security and Co-operation in Europe (Office for "
    "Democratic Institutions and Human Rights) for knowledge sharing and standard setting on hate "
    "crime including hate crime victim support” (CERV-2023-IM-CRAC/RIGH/2), the Ministry of "
    "Foreign Affairs of Bulgaria, and the Ministry of Foreign Affairs and International "
    "Cooperation of Italy.": (
        "Семинар организован в рамках совместной инициативы БДИПЧ и Европейской комиссии "
        "«Укрепление адресной помощи и структур реагирования для жертв преступлений на почве "
        "ненависти в регионе ОБСЕ» (STARS). Инициатива финансируется Европейским союзом в "
        "рамках проекта «Поддержка Организации по безопасности и сотрудничеству в Европе "
        "(Бюро по демократическим институтам и правам человека) в обмене знаниями и разработке "
        "стандартов в области преступлений на почве ненависти, включая поддержку их жертв» "
        "(CERV-2023-IM-CRAC/RIGH/2), Министерством иностранных дел Болгарии и Министерством "
        "иностранных дел и международного сотрудничества Италии."
    ),
}

for _english, _russian in THEMATIC_AREAS_RU.items():
    RUSSIAN[_english] = _russian
    RUSSIAN[f"Our work on {_english[0].lower() + _english[1:]}."] = (
        f"Наша работа по направлению «{_russian}»."
    )

RUSSIAN.update(EVENT_TYPES_RU)
RUSSIAN.update(FIELDS_OF_WORK_RU)
RUSSIAN.update(COLLECTIONS_RU)
# Only the organisations whose Russian name the catalogue gives are translated.
RUSSIAN.update(
    {
        organisation["name"]: organisation["ru"]
        for organisation in ORGANISATIONS
        if organisation["ru"]
    }
)

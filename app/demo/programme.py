"""Demo programme: the two topics of the Lianyungang 2025 sub-forum and its two days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Delegation,
    ForumSettings,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    Role,
    Room,
    SessionKind,
    SessionSignup,
    SessionSpeaker,
    SignupStatus,
    SpeakerRole,
    Topic,
    User,
    Visibility,
)

TOPICS = [
    (
        1,
        "Optimizing migration administration services for orderly, safe and facilitated movement",
        "Optimiser les services de l’administration des migrations pour des déplacements "
        "ordonnés, sûrs et facilités",
        "优化移民管理服务，促进人员有序、安全、便利流动",
    ),
    (
        2,
        "Jointly preventing security risks at border ports and promoting the smooth passage of "
        "people in a globalized world",
        "Prévenir ensemble les risques de sécurité aux points de passage frontaliers et "
        "faciliter le passage des personnes dans un monde globalisé",
        "共同防范口岸安全风险，促进全球化背景下人员顺畅通关",
    ),
]

ROOMS = [
    ("Main Hall", 400),
    ("Meeting Room 1", 80),
    ("Meeting Room 2", 40),
    ("Banquet Hall", 300),
    ("Port of Lianyungang", None),
]

VIDEO_IOM = (
    "Amy Pope",
    "Director General, International Organization for Migration (video message)",
)
VIDEO_UNHCR = (
    "Filippo Grandi",
    "United Nations High Commissioner for Refugees (video message)",
)
EXPERT_GUEST = ("Prof. Li Ming", "Institute of Migration Studies, Nanjing (guest expert)")


@dataclass
class Item:
    day: int  # 0 or 1
    start: str
    end: str
    kind: SessionKind
    titles: tuple[str, str, str]
    room: str | None = None
    topic: int | None = None
    descriptions: tuple[str, str, str] | None = None
    # speakers: (role, delegation code) for a head of delegation, ("guest", name, title)
    speakers: list[tuple] = field(default_factory=list)
    visibility: Visibility = Visibility.PUBLIC
    capacity: int | None = None
    signup: bool = False


CHAIR, SPEAKER, MODERATOR = SpeakerRole.CHAIR, SpeakerRole.SPEAKER, SpeakerRole.MODERATOR

PROGRAMME = [
    Item(
        0,
        "09:00",
        "09:45",
        SessionKind.CEREMONY,
        ("Opening ceremony", "Cérémonie d’ouverture", "开幕式"),
        "Main Hall",
        descriptions=(
            "Welcome by the host, the National Immigration Administration of China, and video "
            "messages from the heads of IOM and UNHCR.",
            "Allocution de bienvenue de l’hôte, l’Administration nationale de l’immigration de "
            "Chine, et messages vidéo des chefs de l’OIM et du HCR.",
            "东道主国家移民管理局致欢迎辞，国际移民组织和联合国难民署负责人发表视频致辞。",
        ),
        speakers=[(CHAIR, "HOST"), (SPEAKER, "CN"), ("guest", *VIDEO_IOM), ("guest", *VIDEO_UNHCR)],
    ),
    Item(
        0,
        "09:45",
        "10:00",
        SessionKind.CEREMONY,
        ("Family photo", "Photo de famille", "集体合影"),
        "Main Hall",
    ),
    Item(
        0,
        "10:00",
        "10:20",
        SessionKind.MEAL,
        ("Coffee break", "Pause café", "茶歇"),
        "Main Hall",
    ),
    Item(
        0,
        "10:20",
        "12:00",
        SessionKind.PLENARY,
        ("Keynote speeches", "Discours liminaires", "主旨发言"),
        "Main Hall",
        descriptions=(
            "Heads of delegation on international migration governance in the new context.",
            "Les chefs de délégation sur la gouvernance des migrations internationales dans le "
            "nouveau contexte.",
            "各代表团团长围绕新形势下国际移民治理作主旨发言。",
        ),
        speakers=[
            (MODERATOR, "HOST"),
            (SPEAKER, "US"),
            (SPEAKER, "RU"),
            (SPEAKER, "IOM"),
            (SPEAKER, "UNHCR"),
        ],
    ),
    Item(
        0,
        "12:00",
        "13:30",
        SessionKind.MEAL,
        ("Welcome lunch", "Déjeuner de bienvenue", "欢迎午宴"),
        "Banquet Hall",
        visibility=Visibility.PARTICIPANTS,
    ),
    Item(
        0,
        "13:30",
        "15:30",
        SessionKind.PLENARY,
        (
            "Plenary on topic 1: migration administration services",
            "Plénière sur le thème 1 : services de l’administration des migrations",
            "第一议题全体会议：移民管理服务",
        ),
        "Main Hall",
        topic=1,
        descriptions=(
            "Visa facilitation, online exit-entry services and residence management for "
            "orderly, safe and facilitated movement.",
            "Facilitation des visas, services d’entrée et de sortie en ligne et gestion des "
            "séjours pour des déplacements ordonnés, sûrs et facilités.",
            "签证便利、出入境在线服务与居留管理，促进人员有序、安全、便利流动。",
        ),
        speakers=[
            (CHAIR, "CN"),
            (SPEAKER, "MN"),
            (SPEAKER, "PE"),
            (SPEAKER, "SB"),
            (SPEAKER, "KZ"),
        ],
    ),
    Item(
        0,
        "15:30",
        "15:45",
        SessionKind.MEAL,
        ("Coffee break", "Pause café", "茶歇"),
        "Main Hall",
    ),
    Item(
        0,
        "15:45",
        "17:15",
        SessionKind.PANEL,
        (
            "Panel: digital services for exit-entry administration",
            "Table ronde : services numériques de l’administration des entrées et sorties",
            "专题讨论：出入境管理数字化服务",
        ),
        "Meeting Room 1",
        topic=1,
        descriptions=(
            "E-visas, contactless border checks and data protection: experiences from "
            "several regions.",
            "Visas électroniques, contrôles frontaliers sans contact et protection des "
            "données : expériences de plusieurs régions.",
            "电子签证、无接触边检与数据保护：各地区经验交流。",
        ),
        speakers=[(MODERATOR, "IOM"), (SPEAKER, "SG"), (SPEAKER, "TH"), ("guest", *EXPERT_GUEST)],
    ),
    Item(
        0,
        "15:45",
        "17:15",
        SessionKind.WORKSHOP,
        (
            "Workshop: travel document examination and fraud detection",
            "Atelier : examen des documents de voyage et détection de la fraude",
            "研讨会：旅行证件查验与欺诈识别",
        ),
        "Meeting Room 2",
        topic=2,
        descriptions=(
            "Hands-on session with document examiners; places are limited, sign up in advance.",
            "Séance pratique avec des experts en examen de documents ; places limitées, "
            "inscription préalable.",
            "与证件查验专家的实操研讨；名额有限，请提前报名。",
        ),
        speakers=[(MODERATOR, "UNODC"), (SPEAKER, "CN")],
        capacity=30,
        signup=True,
    ),
    Item(
        0,
        "17:30",
        "18:30",
        SessionKind.BILATERAL,
        (
            "Bilateral meetings (by appointment)",
            "Réunions bilatérales (sur rendez-vous)",
            "双边会见（预约）",
        ),
        "Meeting Room 1",
        descriptions=(
            "Slots arranged by the secretariat at the request of delegations.",
            "Créneaux organisés par le secrétariat à la demande des délégations.",
            "由秘书处应各代表团请求安排。",
        ),
        visibility=Visibility.PARTICIPANTS,
    ),
    Item(
        0,
        "19:00",
        "21:00",
        SessionKind.MEAL,
        ("Welcome dinner", "Dîner de bienvenue", "欢迎晚宴"),
        "Banquet Hall",
        speakers=[(SPEAKER, "HOST")],
        visibility=Visibility.PARTICIPANTS,
    ),
    Item(
        1,
        "09:00",
        "10:45",
        SessionKind.PLENARY,
        (
            "Plenary on topic 2: security at border ports",
            "Plénière sur le thème 2 : sécurité aux points de passage frontaliers",
            "第二议题全体会议：口岸安全",
        ),
        "Main Hall",
        topic=2,
        descriptions=(
            "Joint risk prevention at ports of entry and smooth passage of travellers.",
            "Prévention conjointe des risques aux points d’entrée et passage fluide des voyageurs.",
            "口岸风险联合防控与旅客顺畅通关。",
        ),
        speakers=[
            (CHAIR, "CN"),
            (SPEAKER, "RU"),
            (SPEAKER, "UZ"),
            (SPEAKER, "VN"),
            (SPEAKER, "UNODC"),
        ],
    ),
    Item(
        1,
        "10:45",
        "11:00",
        SessionKind.MEAL,
        ("Coffee break", "Pause café", "茶歇"),
        "Main Hall",
    ),
    Item(
        1,
        "11:00",
        "12:15",
        SessionKind.PANEL,
        (
            "Panel: smart ports and passenger facilitation",
            "Table ronde : ports intelligents et facilitation du passage",
            "专题讨论：智慧口岸与旅客通关便利",
        ),
        "Main Hall",
        topic=2,
        descriptions=(
            "Advance passenger information, automated gates and cooperation between border "
            "agencies.",
            "Informations préalables sur les passagers, sas automatisés et coopération entre "
            "services frontaliers.",
            "旅客预报信息、自助通道与边境部门间合作。",
        ),
        speakers=[(MODERATOR, "UNHCR"), (SPEAKER, "MY"), (SPEAKER, "PK"), (SPEAKER, "US")],
    ),
    Item(
        1,
        "12:15",
        "13:30",
        SessionKind.MEAL,
        ("Lunch", "Déjeuner", "午餐"),
        "Banquet Hall",
        visibility=Visibility.PARTICIPANTS,
    ),
    Item(
        1,
        "13:30",
        "16:30",
        SessionKind.VISIT,
        (
            "Visit to the Port of Lianyungang border inspection station",
            "Visite de la station d’inspection frontalière du port de Lianyungang",
            "参观连云港口岸边检站",
        ),
        "Port of Lianyungang",
        descriptions=(
            "Coaches leave the conference centre at 13:30. Bring your badge and passport.",
            "Départ des cars du centre de conférences à 13 h 30. Munissez-vous de votre badge "
            "et de votre passeport.",
            "大巴13:30从会议中心出发。请携带证件和护照。",
        ),
        visibility=Visibility.PARTICIPANTS,
        capacity=40,
        signup=True,
    ),
    Item(
        1,
        "17:00",
        "17:45",
        SessionKind.CEREMONY,
        ("Closing ceremony", "Cérémonie de clôture", "闭幕式"),
        "Main Hall",
        descriptions=(
            "Chair’s summary and closing remarks by the host.",
            "Résumé de la présidence et allocution de clôture de l’hôte.",
            "主席总结及东道主闭幕致辞。",
        ),
        speakers=[(CHAIR, "HOST"), (SPEAKER, "CN")],
    ),
]


def _at(forum: ForumSettings, day: int, clock: str) -> datetime:
    hh, mm = (int(x) for x in clock.split(":"))
    local = datetime.combine(forum.starts_on + timedelta(days=day), time(hh, mm), tzinfo=forum.tz)
    return local.astimezone(UTC)


def seed_programme(summary) -> None:
    """Topics, rooms, the two-day programme with speakers, and some sign-ups."""
    forum = ForumSettings.get()
    if forum is None:
        return
    topics = {}
    for number, en, fr, zh in TOPICS:
        topic = Topic(number=number, title_en=en, title_fr=fr, title_zh=zh)
        db.session.add(topic)
        topics[number] = topic
    rooms = {}
    for name, capacity in ROOMS:
        room = Room(name=name, capacity=capacity)
        db.session.add(room)
        rooms[name] = room
    db.session.flush()

    heads = dict(
        db.session.execute(
            sa.select(Delegation.code, Delegation.head_participant_id)
            .join(Participant, Participant.id == Delegation.head_participant_id)
            .where(Participant.status == ParticipantStatus.APPROVED)
        ).all()
    )
    days = 0 if forum.ends_on == forum.starts_on else 1
    sessions: dict[str, ProgrammeSession] = {}
    speakers = created = 0
    for item in PROGRAMME:
        if item.day > days:
            continue
        session = ProgrammeSession(
            kind=item.kind,
            topic_id=topics[item.topic].id if item.topic else None,
            room_id=rooms[item.room].id if item.room else None,
            title_en=item.titles[0],
            title_fr=item.titles[1],
            title_zh=item.titles[2],
            description_en=item.descriptions[0] if item.descriptions else None,
            description_fr=item.descriptions[1] if item.descriptions else None,
            description_zh=item.descriptions[2] if item.descriptions else None,
            starts_at=_at(forum, item.day, item.start),
            ends_at=_at(forum, item.day, item.end),
            capacity=item.capacity,
            signup_required=item.signup,
            visibility=item.visibility,
        )
        db.session.add(session)
        db.session.flush()
        sessions[item.titles[0]] = session
        created += 1
        for order, sp in enumerate(item.speakers):
            if sp[0] == "guest":
                db.session.add(
                    SessionSpeaker(
                        session_id=session.id,
                        guest_name=sp[1],
                        guest_title=sp[2],
                        role=SpeakerRole.SPEAKER,
                        sort_order=order,
                    )
                )
            elif heads.get(sp[1]):
                db.session.add(
                    SessionSpeaker(
                        session_id=session.id,
                        participant_id=heads[sp[1]],
                        role=sp[0],
                        sort_order=order,
                    )
                )
            else:
                continue
            speakers += 1
    db.session.flush()
    signups = _signups(sessions)
    summary.lines.append(
        f"Programme: {len(topics)} topics, {len(rooms)} rooms, {created} sessions over "
        f"{days + 1} days, {speakers} chairs and speakers, {signups} sign-ups."
    )


def _signups(sessions: dict[str, ProgrammeSession]) -> int:
    """Fill the workshop part-way and the port visit to its waitlist; the demo delegates'
    participants sign up for both, so "my agenda" shows something."""
    delegates = list(
        db.session.scalars(
            sa.select(User.participant_id).where(
                User.role == Role.DELEGATE, User.participant_id.is_not(None)
            )
        )
    )
    approved = list(
        db.session.scalars(
            sa.select(Participant.id)
            .where(
                Participant.status == ParticipantStatus.APPROVED,
                Participant.id.not_in(delegates) if delegates else sa.true(),
            )
            .order_by(Participant.id)
            .limit(60)
        )
    )
    count = 0
    plan = [
        ("Workshop: travel document examination and fraud detection", 18),
        ("Visit to the Port of Lianyungang border inspection station", 43),
    ]
    for title, wanted in plan:
        session = sessions.get(title)
        if session is None:
            continue
        people = delegates + [p for p in approved if p not in delegates]
        for n, participant_id in enumerate(people[:wanted]):
            full = session.capacity is not None and n >= session.capacity
            db.session.add(
                SessionSignup(
                    session_id=session.id,
                    participant_id=participant_id,
                    status=SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED,
                    created_at=session.starts_at - timedelta(days=10, minutes=-n),
                )
            )
            count += 1
    db.session.flush()
    return count

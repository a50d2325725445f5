"""Demo announcements to every audience, and the practical information pages in en/fr/zh."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.markdown import render_markdown
from app.models import (
    Announcement,
    Audience,
    Delegation,
    ForumSettings,
    InfoPage,
    Role,
    User,
    Visibility,
    utcnow,
)

# (days before the forum, title, body, audience, delegation code, pinned)
ANNOUNCEMENTS = [
    (
        30,
        "Welcome to the Migration Management Cooperation Sub-forum",
        "The National Immigration Administration of China welcomes delegations to "
        "**Lianyungang** on 17–18 September 2025.\n\n"
        "The programme, practical information on the venue, visas, travel and hotels are on "
        "this site in English, French and Chinese.",
        Audience.PUBLIC,
        None,
        True,
    ),
    (
        12,
        "Programme published",
        "The two-day programme on the sub-forum’s two topics is online. "
        "Subscribe to it in your calendar from the [programme page](/programme/).",
        Audience.PUBLIC,
        None,
        False,
    ),
    (
        5,
        "Badge collection and accreditation desk",
        "Badges are collected at the accreditation desk of the conference centre:\n\n"
        "- 16 September, 10:00–20:00\n- 17 September, from 07:30\n\n"
        "Bring the passport whose number you registered.",
        Audience.PARTICIPANTS,
        None,
        True,
    ),
    (
        20,
        "Deadline for nominations and changes",
        "Focal points: please complete your delegation’s nominations, photos and travel "
        "details by **5 September**. Changes after that date go through the secretariat.",
        Audience.FOCAL_POINTS,
        None,
        False,
    ),
    (
        2,
        "Staff briefing",
        "All desk, protocol and logistics staff: briefing on 16 September at 09:00 in "
        "Meeting Room 2. Badge printers and scanners are tested at 11:00.",
        Audience.STAFF,
        None,
        False,
    ),
    (
        4,
        "Bilateral meeting request confirmed",
        "The secretariat confirms the bilateral meeting requested by your delegation on "
        "17 September at 17:30 in Meeting Room 1.",
        Audience.DELEGATION,
        "MN",
        False,
    ),
    (
        6,
        "Interpretation into Spanish",
        "Spanish interpretation is available for the plenary sessions; receivers are handed "
        "out at the entrance of the Main Hall against your badge.",
        Audience.DELEGATION,
        "PE",
        False,
    ),
]

SCHEDULED = (
    "Thank you for attending",
    "Thank you for taking part in the sub-forum. The chair’s summary and the photos will be "
    "published here.",
)

PAGES = {
    "venue": (
        10,
        Visibility.PUBLIC,
        {
            "en": (
                "Venue",
                "## Lianyungang International Conference Centre\n\n"
                "The sub-forum meets in the **Main Hall**; panels and the workshop are in "
                "Meeting Rooms 1 and 2 on the first floor. Lunches and the welcome dinner are "
                "in the Banquet Hall.\n\n"
                "The conference centre opens at 07:30 on both days. Security screening at the "
                "entrance: please wear your badge at all times.",
            ),
            "fr": (
                "Lieu",
                "## Centre international de conférences de Lianyungang\n\n"
                "Le sous-forum se réunit dans la **salle plénière** ; les tables rondes et "
                "l’atelier ont lieu dans les salles de réunion 1 et 2 au premier étage. Les "
                "déjeuners et le dîner de bienvenue sont servis dans la salle des banquets.\n\n"
                "Le centre ouvre à 7 h 30 les deux jours. Contrôle de sécurité à l’entrée : "
                "portez votre badge en permanence.",
            ),
            "zh": (
                "会场",
                "## 连云港国际会议中心\n\n"
                "分论坛在**主会场**举行；专题讨论和研讨会在二楼第一、第二会议室。午餐和欢迎晚宴在宴会厅。\n\n"
                "会议中心两天均于7:30开放。入口设有安检，请全程佩戴证件。",
            ),
        },
    ),
    "travel": (
        20,
        Visibility.PUBLIC,
        {
            "en": (
                "Travel and airport transfers",
                "Lianyungang Huaguoshan International Airport (LYG) is 30 minutes from the "
                "venue; Lianyungang railway station has high-speed trains from Shanghai and "
                "Beijing.\n\n"
                "| Arrival | Transfer |\n|---|---|\n"
                "| LYG airport | Shuttle meets every flight on 15–16 September |\n"
                "| Railway station | Shuttle every hour, 08:00–22:00 |\n\n"
                "Enter your flight in your registration so that we can meet you.",
            ),
            "fr": (
                "Voyage et transferts depuis l’aéroport",
                "L’aéroport international de Lianyungang Huaguoshan (LYG) est à 30 minutes du "
                "lieu de la réunion ; la gare de Lianyungang est desservie par des trains à "
                "grande vitesse depuis Shanghai et Pékin.\n\n"
                "| Arrivée | Transfert |\n|---|---|\n"
                "| Aéroport LYG | Navette à chaque vol les 15 et 16 septembre |\n"
                "| Gare | Navette toutes les heures, 8 h–22 h |\n\n"
                "Indiquez votre vol dans votre inscription pour que nous puissions vous "
                "accueillir.",
            ),
            "zh": (
                "交通与机场接送",
                "连云港花果山国际机场（LYG）距会场30分钟车程；连云港站有来自上海、北京的高铁。\n\n"
                "| 抵达 | 接送 |\n|---|---|\n"
                "| 花果山机场 | 9月15日至16日每个航班均有接机 |\n"
                "| 火车站 | 8:00至22:00每小时一班 |\n\n"
                "请在报名信息中填写航班，以便安排接机。",
            ),
        },
    ),
    "visa": (
        30,
        Visibility.PUBLIC,
        {
            "en": (
                "Visa",
                "Participants who need a visa for China can download an **invitation letter** "
                "from their registration once approved, and apply at the nearest Chinese "
                "embassy or consulate at least four weeks before travelling.",
            ),
            "fr": (
                "Visa",
                "Les participants qui ont besoin d’un visa pour la Chine peuvent télécharger "
                "une **lettre d’invitation** depuis leur inscription une fois celle-ci "
                "approuvée, et déposer leur demande à l’ambassade ou au consulat de Chine le "
                "plus proche au moins quatre semaines avant le départ.",
            ),
            "zh": (
                "签证",
                "需要办理中国签证的与会者，报名获批后可在报名页面下载**邀请函**，并至少提前四周向最近的中国使领馆申请。",
            ),
        },
    ),
    "hotels": (
        40,
        Visibility.PARTICIPANTS,
        {
            "en": (
                "Hotels",
                "Rooms are reserved for delegations at the **Lianyungang Conference Hotel** "
                "(5 minutes’ walk) and the **Haizhou Bay Hotel** (shuttle). Breakfast is "
                "included; the secretariat covers the nights of 16 and 17 September for heads "
                "of delegation.",
            ),
            "fr": (
                "Hôtels",
                "Des chambres sont réservées pour les délégations à l’**hôtel des congrès de "
                "Lianyungang** (5 minutes à pied) et à l’**hôtel de la baie de Haizhou** "
                "(navette). Le petit-déjeuner est compris ; le secrétariat prend en charge les "
                "nuits des 16 et 17 septembre pour les chefs de délégation.",
            ),
            "zh": (
                "酒店",
                "已为各代表团在**连云港会议酒店**（步行5分钟）和**海州湾酒店**（有班车）预留房间，含早餐；秘书处承担代表团团长9月16日、17日两晚住宿。",
            ),
        },
    ),
    "contacts": (
        50,
        Visibility.PUBLIC,
        {
            "en": (
                "Contacts",
                "Secretariat of the sub-forum: [secretariat@example.org]"
                "(mailto:secretariat@example.org)\n\n"
                "Accreditation desk, 16–18 September: +86 518 0000 0000",
            ),
            "fr": (
                "Contacts",
                "Secrétariat du sous-forum : [secretariat@example.org]"
                "(mailto:secretariat@example.org)\n\n"
                "Bureau d’accréditation, 16–18 septembre : +86 518 0000 0000",
            ),
            "zh": (
                "联系方式",
                "分论坛秘书处：[secretariat@example.org](mailto:secretariat@example.org)\n\n"
                "注册处（9月16日至18日）：+86 518 0000 0000",
            ),
        },
    ),
}


def seed_announcements(summary) -> None:
    forum = ForumSettings.get()
    if forum is None:
        return
    now = utcnow()
    author_id = db.session.scalar(
        sa.select(User.id).where(User.role.in_([Role.ORGANIZER, Role.ADMIN])).order_by(User.id)
    )
    codes = dict(db.session.execute(sa.select(Delegation.code, Delegation.id)).all())
    eve = datetime.combine(forum.starts_on, time(9, 0), tzinfo=forum.tz).astimezone(UTC)
    made = 0
    for days_before, title, body, audience, code, pinned in ANNOUNCEMENTS:
        if audience == Audience.DELEGATION and code not in codes:
            continue
        # Shown already, whenever the demo is built.
        publish_at = min(eve - timedelta(days=days_before), now - timedelta(hours=days_before))
        db.session.add(
            Announcement(
                title=title,
                body_markdown=body,
                body_html=render_markdown(body),
                audience=audience,
                delegation_id=codes.get(code) if audience == Audience.DELEGATION else None,
                pinned=pinned,
                publish_at=publish_at,
                author_id=author_id,
            )
        )
        made += 1
    title, body = SCHEDULED
    db.session.add(
        Announcement(
            title=title,
            body_markdown=body,
            body_html=render_markdown(body),
            audience=Audience.PUBLIC,
            publish_at=now + timedelta(days=7),
            email_requested=False,
            author_id=author_id,
        )
    )
    made += 1
    pages = 0
    for slug, (order, visibility, versions) in PAGES.items():
        for locale, (page_title, page_body) in versions.items():
            db.session.add(
                InfoPage(
                    slug=slug,
                    locale=locale,
                    title=page_title,
                    body_markdown=page_body,
                    body_html=render_markdown(page_body),
                    visibility=visibility,
                    sort_order=order,
                )
            )
            pages += 1
    db.session.flush()
    summary.lines.append(
        f"Announcements: {made} (to every audience, 2 pinned, 1 scheduled in a week); "
        f"{len(PAGES)} information pages in {pages} language versions."
    )

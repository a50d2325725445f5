"""The demo forum of DESIGN.md (seed-demo), and a large synthetic forum for benchmarks.

Everything is drawn from a seeded random generator, so two runs build the same forum
(secrets and tokens excepted). Participants are written with one bulk INSERT … RETURNING,
which skips ORM events: search_text and badge_secret are filled here.
"""

from __future__ import annotations

import random
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from phonenumbers import country_code_for_region
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.i18n import _territories, country_names
from app.models import (
    HEAD_CATEGORY,
    Category,
    ChosenBy,
    Delegation,
    DelegationKind,
    DelegationStatus,
    ForumSettings,
    Gender,
    Participant,
    ParticipantStatus,
    Role,
    User,
    fold_for_search,
    new_badge_secret,
    tallies,
    utcnow,
)
from app.models.participant import RESERVED_CATEGORIES
from app.seating import demo_data as seating_demo

SEED = 2025
TZ = ZoneInfo("Asia/Shanghai")


@dataclass
class Summary:
    lines: list[str] = field(default_factory=list)
    password: str = ""
    # (e-mail, role, what the account is for), printed at the end.
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    synthetic: bool = False

    def add(self, line: str) -> None:
        self.lines.append(line)

    def report(self) -> str:
        out = list(self.lines)
        if self.accounts:
            out.append("")
            out.append("Demo accounts (all with the same password):")
            width = max(len(a[0]) for a in self.accounts)
            shown = self.accounts
            focal = [a for a in self.accounts if a[1] == Role.FOCAL_POINT.value]
            if len(focal) > 12:
                named = {f"focal.{c}@example.org" for c in ("cn", "us", "ru", "mn", "pe", "iom")}
                shown = [a for a in self.accounts if a[1] != Role.FOCAL_POINT.value]
                shown += [a for a in focal if a[0] in named] or focal[:6]
            for email, role, note in shown:
                out.append(f"  {email.ljust(width)}  {role:<12} {note}")
            if len(shown) < len(self.accounts):
                out.append(
                    f"  … and {len(self.accounts) - len(shown)} more focal points: "
                    "focal.<delegation code in lower case>@example.org"
                )
            out.append(f"Password: {self.password}")
        return "\n".join(out)


# --- the forum ------------------------------------------------------------------------------

FORUM = dict(
    name_en="Migration Management Cooperation Sub-forum of the 2025 Global Public Security "
    "Cooperation Forum (Lianyungang)",
    name_fr="Sous-forum sur la coopération en matière de gestion des migrations du Forum "
    "mondial de coopération en matière de sécurité publique 2025 (Lianyungang)",
    name_zh="2025全球公共安全合作论坛（连云港）移民管理合作分论坛",
    short_name_en="Migration Management Sub-forum 2025",
    short_name_fr="Sous-forum Migrations 2025",
    short_name_zh="移民管理合作分论坛",
    theme_en="Win-win cooperation: jointly addressing the risks and challenges of "
    "international migration governance in the new context",
    theme_fr="Coopération gagnant-gagnant : relever ensemble les risques et les défis de la "
    "gouvernance des migrations internationales dans le nouveau contexte",
    theme_zh="合作共赢：携手应对新形势下国际移民治理的风险与挑战",
    host_en="National Immigration Administration of China",
    host_fr="Administration nationale de l’immigration de Chine",
    host_zh="中国国家移民管理局",
    venue="Lianyungang International Convention Center",
    city="Lianyungang",
    country_code="CN",
    starts_on=date(2025, 9, 17),
    ends_on=date(2025, 9, 18),
    timezone="Asia/Shanghai",
    contact_email="secretariat@example.org",
    signatory_name="Li Ming",
    signatory_title="Director-General, Department of International Cooperation, "
    "National Immigration Administration",
    letter_reference_prefix="NIA-MMSF-2025",
)

# code, en, fr, zh, badge colour, text colour, requires passport
CATEGORIES = [
    (
        "head_of_delegation",
        "Head of delegation",
        "Chef de délégation",
        "代表团团长",
        "#8b0000",
        "#ffffff",
        True,
    ),
    ("delegate", "Delegate", "Délégué", "代表", "#1f4e79", "#ffffff", True),
    ("observer", "Observer", "Observateur", "观察员", "#5b6770", "#ffffff", True),
    ("speaker", "Speaker", "Intervenant", "发言嘉宾", "#6a1b9a", "#ffffff", True),
    ("expert", "Expert", "Expert", "专家学者", "#00695c", "#ffffff", True),
    ("media", "Media", "Médias", "媒体", "#e65100", "#ffffff", True),
    ("organizer", "Organizer", "Organisateur", "组委会", "#2e7d32", "#ffffff", False),
    ("staff", "Staff", "Personnel", "工作人员", "#f9a825", "#000000", False),
    ("interpreter", "Interpreter", "Interprète", "翻译", "#0277bd", "#ffffff", False),
    ("security", "Security", "Sécurité", "安保", "#212121", "#ffffff", False),
    ("vip", "VIP", "Personnalité", "贵宾", "#c9a227", "#000000", True),
]

ORGANIZATIONS = [
    (
        "IOM",
        "International Organization for Migration",
        "Organisation internationale pour les migrations",
        "国际移民组织",
        "+41 22",
    ),
    (
        "UNHCR",
        "Office of the United Nations High Commissioner for Refugees",
        "Haut-Commissariat des Nations Unies pour les réfugiés",
        "联合国难民署",
        "+41 22",
    ),
    (
        "UNODC",
        "United Nations Office on Drugs and Crime",
        "Office des Nations Unies contre la drogue et le crime",
        "联合国毒品和犯罪问题办公室",
        "+43 1",
    ),
    (
        "INTERPOL",
        "International Criminal Police Organization",
        "Organisation internationale de police criminelle",
        "国际刑事警察组织",
        "+33 4",
    ),
    (
        "ICMPD",
        "International Centre for Migration Policy Development",
        "Centre international pour le développement des politiques migratoires",
        "国际移民政策发展中心",
        "+43 1",
    ),
]

OTHERS = [
    ("EXPERTS", "Experts and researchers", "Experts et chercheurs", "专家学者"),
    ("MEDIA", "Media", "Médias", "媒体"),
    ("HOST", "Host secretariat", "Secrétariat hôte", "东道主秘书处"),
]

# The 50 countries and regions, each with the name pool its people are drawn from.
COUNTRIES = {
    "CN": "zh", "US": "en", "RU": "ru", "MN": "mn", "SB": "pacific", "PE": "es",
    "KZ": "kz", "KG": "kg", "TJ": "tj", "UZ": "uz", "PK": "pk", "BD": "bd", "LK": "lk",
    "NP": "np", "TH": "th", "VN": "vi", "LA": "la", "KH": "kh", "MM": "mm", "MY": "ms",
    "SG": "sg", "ID": "id", "PH": "ph", "KR": "ko", "JP": "ja", "AU": "en", "NZ": "en",
    "FJ": "pacific", "PG": "pacific", "VU": "pacific", "GB": "en", "FR": "fr", "DE": "de",
    "IT": "it", "ES": "es", "RS": "sr", "HU": "hu", "BY": "ru", "TR": "tr", "AE": "ar",
    "SA": "ar", "EG": "ar", "ET": "et", "KE": "eaf", "NG": "ng", "ZA": "za", "BR": "pt",
    "AR": "es", "CL": "es", "MX": "es",
}  # fmt: skip

AGENCIES = {
    "CN": "National Immigration Administration",
    "US": "Department of Homeland Security",
    "RU": "Ministry of Internal Affairs, Main Directorate for Migration",
    "MN": "Immigration Agency of Mongolia",
    "SB": "Solomon Islands Immigration Division",
    "PE": "Superintendencia Nacional de Migraciones",
    "GB": "Home Office, Border Force",
    "AU": "Department of Home Affairs",
    "FR": "Ministère de l’Intérieur, Direction générale des étrangers en France",
    "DE": "Federal Police (Bundespolizei)",
    "KZ": "Border Service of the National Security Committee",
    "TH": "Immigration Bureau, Royal Thai Police",
    "JP": "Immigration Services Agency",
    "KR": "Korea Immigration Service",
}
GENERIC_AGENCIES = [
    "Ministry of the Interior",
    "Immigration Department",
    "Border Guard Service",
    "Ministry of Foreign Affairs",
    "Department of Immigration and Emigration",
    "National Police, Border Directorate",
]
POSITIONS = {
    "head_of_delegation": [
        "Director-General",
        "Deputy Director-General",
        "Commissioner of Immigration",
        "Deputy Minister",
        "Head of the Border Service",
    ],
    "delegate": [
        "Director, Border Control Division",
        "Deputy Director, Visa and Residence Department",
        "Senior Immigration Officer",
        "Chief Inspector, Border Police",
        "Counsellor, Embassy in Beijing",
        "First Secretary, Embassy in Beijing",
        "Head of International Cooperation Unit",
        "Legal Adviser",
    ],
    "observer": ["Attaché, Embassy in Beijing", "Liaison Officer", "Second Secretary"],
    "speaker": [
        "Director, Department of International Cooperation",
        "Head of Migration Policy",
        "Chief of Mission",
    ],
    "vip": ["Vice Minister", "Ambassador"],
}
HOTELS = [
    "Haizhou Bay Conference Hotel",
    "Huaguoshan International Hotel",
    "Lianyungang Seaview Hotel",
]
DIETS = ["", "", "", "", "", "", "vegetarian", "halal", "vegan", "no_pork", "gluten_free", "kosher"]
CARRIERS = ["MU", "CA", "CZ", "FM", "HO", "MF"]
LANGUAGES = {
    "zh": "Chinese, English",
    "ru": "Russian, English",
    "kz": "Kazakh, Russian",
    "kg": "Kyrgyz, Russian",
    "tj": "Tajik, Russian",
    "mn": "Mongolian, English",
    "es": "Spanish, English",
    "pt": "Portuguese, English",
    "fr": "French, English",
    "ar": "Arabic, English",
    "ja": "Japanese, English",
    "ko": "Korean, English",
    "de": "German, English",
    "it": "Italian, English",
    "tr": "Turkish, English",
    "sr": "Serbian, English",
    "hu": "Hungarian, English",
    "vi": "Vietnamese, English",
    "th": "Thai, English",
}

# Name pools: "Latin|native" (native script where the culture writes one); family names of
# cultures with gendered forms as "LatinM|nativeM|LatinF|nativeF". Order of the native
# name: "fg" family then given without space (Chinese, Japanese, Korean), "f g" with a space.
NAMES: dict[str, dict] = {
    "zh": dict(
        order="fg",
        family="Wang|王 Li|李 Zhang|张 Liu|刘 Chen|陈 Yang|杨 Huang|黄 Zhao|赵 Wu|吴 Zhou|周 Xu|徐 Sun|孙 Ma|马 Zhu|朱 Hu|胡 Guo|郭 Lin|林 Gao|高",
        male="Wei|伟 Qiang|强 Lei|磊 Jun|军 Yong|勇 Jie|杰 Tao|涛 Ming|明 Hao|浩 Jianguo|建国 Zhiqiang|志强 Haitao|海涛 Xiaodong|晓东",
        female="Fang|芳 Na|娜 Min|敏 Jing|静 Li|丽 Yan|燕 Xiuying|秀英 Xiaoyan|晓燕 Hui|慧 Ting|婷 Lijuan|丽娟",
    ),
    "sg": dict(
        order="fg",
        family="Tan|陈 Lim|林 Lee|李 Ng|黄 Ong|王 Goh|吴",
        male="Wei_Ming|伟明 Kok_Leong|国良 Jun_Jie|俊杰",
        female="Mei_Ling|美玲 Hui_Min|慧敏 Li_Ting|丽婷",
    ),
    "ja": dict(
        order="fg",
        family="Sato|佐藤 Suzuki|鈴木 Takahashi|高橋 Tanaka|田中 Watanabe|渡辺 Ito|伊藤 Yamamoto|山本 Nakamura|中村",
        male="Hiroshi|博 Takeshi|武 Kenji|健二 Daisuke|大輔 Shota|翔太",
        female="Yuko|裕子 Akiko|明子 Haruka|遥 Emi|恵美 Naoko|直子",
    ),
    "ko": dict(
        order="fg",
        family="Kim|김 Lee|이 Park|박 Choi|최 Jung|정 Kang|강 Cho|조 Yoon|윤",
        male="Min-jun|민준 Seo-jun|서준 Ji-hoon|지훈 Hyun-woo|현우 Dong-hyun|동현",
        female="Ji-woo|지우 Seo-yeon|서연 Min-ji|민지 Soo-jin|수진 Hye-jin|혜진",
    ),
    "ru": dict(
        order="g f",
        family="Ivanov|Иванов|Ivanova|Иванова Petrov|Петров|Petrova|Петрова Smirnov|Смирнов|Smirnova|Смирнова Kuznetsov|Кузнецов|Kuznetsova|Кузнецова Volkov|Волков|Volkova|Волкова Sokolov|Соколов|Sokolova|Соколова Morozov|Морозов|Morozova|Морозова Lebedev|Лебедев|Lebedeva|Лебедева Orlov|Орлов|Orlova|Орлова",
        male="Alexei|Алексей Dmitry|Дмитрий Sergei|Сергей Andrei|Андрей Mikhail|Михаил Igor|Игорь Vladimir|Владимир Nikolai|Николай",
        female="Elena|Елена Olga|Ольга Natalia|Наталья Irina|Ирина Tatiana|Татьяна Anna|Анна Svetlana|Светлана",
    ),
    "kz": dict(
        order="g f",
        family="Nurlanov|Нурланов|Nurlanova|Нурланова Abenov|Абенов|Abenova|Абенова Zhakupov|Жакупов|Zhakupova|Жакупова Omarov|Омаров|Omarova|Омарова Iskakov|Искаков|Iskakova|Искакова",
        male="Nurlan|Нурлан Yerlan|Ерлан Daniyar|Данияр Asset|Асет Marat|Марат",
        female="Aigerim|Айгерим Dinara|Динара Aliya|Алия Gulnara|Гульнара",
    ),
    "kg": dict(
        order="g f",
        family="Asanov|Асанов|Asanova|Асанова Bakirov|Бакиров|Bakirova|Бакирова Sydykov|Сыдыков|Sydykova|Сыдыкова Toktogulov|Токтогулов|Toktogulova|Токтогулова",
        male="Azamat|Азамат Bakyt|Бакыт Nurbek|Нурбек Almaz|Алмаз",
        female="Aizada|Айзада Cholpon|Чолпон Nazgul|Назгуль Gulmira|Гульмира",
    ),
    "tj": dict(
        order="g f",
        family="Rahimov|Раҳимов|Rahimova|Раҳимова Saidov|Саидов|Saidova|Саидова Nazarov|Назаров|Nazarova|Назарова Sharipov|Шарипов|Sharipova|Шарипова",
        male="Farrukh|Фаррух Jamshed|Ҷамшед Rustam|Рустам Firdavs|Фирдавс",
        female="Nigina|Нигина Malika|Малика Zarina|Зарина",
    ),
    "mn": dict(
        order="f g",
        family="Ganbold|Ганболд Batbayar|Батбаяр Enkhbayar|Энхбаяр Tsogt|Цогт Dorj|Дорж Sukhbaatar|Сүхбаатар Bold|Болд",
        male="Bat-Erdene|Бат-Эрдэнэ Temuulen|Тэмүүлэн Ganzorig|Ганзориг Munkh-Orgil|Мөнх-Оргил Erdenebat|Эрдэнэбат",
        female="Oyunchimeg|Оюунчимэг Saraa|Сараа Narantuya|Нарантуяа Enkhjargal|Энхжаргал Altantsetseg|Алтанцэцэг",
    ),
    "sr": dict(
        order="g f",
        family="Jovanović|Јовановић Petrović|Петровић Nikolić|Николић Marković|Марковић Đorđević|Ђорђевић Stojanović|Стојановић",
        male="Marko|Марко Nikola|Никола Stefan|Стефан Milan|Милан Dragan|Драган",
        female="Jelena|Јелена Milica|Милица Ana|Ана Ivana|Ивана Marija|Марија",
    ),
    "ar": dict(
        order="g f",
        family="Al-Mansouri|المنصوري Al-Hashimi|الهاشمي Al-Qahtani|القحطاني Al-Harbi|الحربي Hassan|حسن Mahmoud|محمود Abdel-Rahman|عبد_الرحمن El-Sayed|السيد",
        male="Mohammed|محمد Ahmed|أحمد Khalid|خالد Omar|عمر Youssef|يوسف Saeed|سعيد",
        female="Fatima|فاطمة Mariam|مريم Noura|نورة Aisha|عائشة Layla|ليلى",
    ),
    "pk": dict(
        order="g f",
        family="Khan|خان Ahmed|احمد Hussain|حسین Malik|ملک Qureshi|قریشی",
        male="Imran|عمران Bilal|بلال Faisal|فیصل Usman|عثمان",
        female="Ayesha|عائشہ Sana|ثنا Hina|حنا Zainab|زینب",
    ),
    "np": dict(
        order="g f",
        family="Sharma|शर्मा Shrestha|श्रेष्ठ Thapa|थापा Gurung|गुरुङ Adhikari|अधिकारी Karki|कार्की",
        male="Ram|राम Bikash|विकास Suresh|सुरेश Prakash|प्रकाश",
        female="Sita|सीता Anita|अनिता Sunita|सुनिता Pooja|पूजा",
    ),
    "th": dict(
        order="g f",
        family="Srisuk|ศรีสุข Wongsawat|วงศ์สวัสดิ์ Chaiyaporn|ชัยพร Rattanakul|รัตนกุล Somboon|สมบูรณ์ Thongchai|ทองชัย",
        male="Somchai|สมชาย Anan|อนันต์ Prasert|ประเสริฐ Niran|นิรันดร์ Kittisak|กิตติศักดิ์",
        female="Siriporn|ศิริพร Malee|มาลี Nanthana|นันทนา Pornthip|พรทิพย์ Ratana|รัตนา",
    ),
    "et": dict(
        order="g f",
        family="Tesfaye|ተስፋዬ Bekele|በቀለ Girma|ግርማ Haile|ኃይሌ Tadesse|ታደሰ Alemu|አለሙ",
        male="Abebe|አበበ Dawit|ዳዊት Yonas|ዮናስ Solomon|ሰለሞን",
        female="Meron|ሜሮን Hiwot|ሕይወት Selam|ሰላም Tigist|ትዕግስት",
    ),
    # Latin-script cultures: native_name stays empty, except where the native order differs.
    "vi": dict(
        order="f g",
        latin_native=True,
        family="Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi",
        male="Văn_Hùng Minh_Tuấn Quốc_Bảo Đức_Anh Thanh_Sơn",
        female="Thị_Lan Thu_Hà Ngọc_Anh Thị_Hương Mai_Linh",
    ),
    "hu": dict(
        order="f g",
        latin_native=True,
        family="Nagy Kovács Tóth Szabó Horváth Varga Kiss",
        male="László István Zoltán Gábor Péter",
        female="Katalin Eszter Zsófia Anna Krisztina",
    ),
    "en": dict(
        family="Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Walker Clarke Hughes",
        male="James John Robert Michael David Richard Daniel Matthew Andrew",
        female="Mary Jennifer Sarah Emily Elizabeth Laura Rachel Susan Karen",
    ),
    "es": dict(
        family="García Rodríguez Martínez López González Pérez Sánchez Ramírez Torres Flores Quispe Mamani Castillo Vargas Rojas Fernández",
        male="Carlos José Luis Jorge Miguel Alejandro Diego Javier",
        female="María Lucía Carmen Ana Sofía Valentina Rosa Gabriela",
    ),
    "pt": dict(
        family="Silva Santos Oliveira Souza Pereira Costa Almeida Ferreira",
        male="João Pedro Lucas Rafael Marcelo Thiago",
        female="Ana Juliana Fernanda Camila Beatriz Mariana",
    ),
    "fr": dict(
        family="Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre Girard",
        male="Jean Pierre Nicolas Philippe Antoine Julien François",
        female="Marie Sophie Isabelle Claire Camille Nathalie Élodie",
    ),
    "de": dict(
        family="Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann",
        male="Thomas Michael Andreas Stefan Klaus Jürgen Matthias",
        female="Sabine Claudia Katrin Anja Julia Petra",
    ),
    "it": dict(
        family="Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino",
        male="Marco Giuseppe Luca Alessandro Andrea Francesco",
        female="Giulia Francesca Chiara Sara Elena Valentina",
    ),
    "tr": dict(
        family="Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Arslan",
        male="Mehmet Mustafa Ahmet Emre Burak Murat",
        female="Ayşe Elif Zeynep Fatma Esra Merve",
    ),
    "uz": dict(
        family="Rakhimov|Rakhimova Yusupov|Yusupova Abdullayev|Abdullayeva Ismoilov|Ismoilova",
        gendered=True,
        male="Sherzod Bekzod Jasur Otabek",
        female="Dilnoza Madina Gulnoza",
    ),
    "ms": dict(
        family="Abdullah Rahman Ibrahim Ismail Hamid",
        male="Ahmad Hafiz Azman Faizal",
        female="Siti Nurul Aisyah Farah",
    ),
    "id": dict(
        family="Santoso Wijaya Susanto Hidayat Kurniawan Setiawan",
        male="Budi Agus Rizky Eko Andi",
        female="Dewi Putri Rina Sri Indah",
    ),
    "ph": dict(
        family="Santos Reyes Cruz Bautista Garcia Mendoza Dela_Cruz",
        male="Jose Mark Paolo Ramon Miguel",
        female="Maria Kristine Angelica Joy Liza",
    ),
    "kh": dict(
        family="Sok Chea Chan Keo Heng Meas",
        male="Dara Vannak Sophal Rithy",
        female="Sreymom Channary Sophea Bopha",
    ),
    "la": dict(
        family="Phommachanh Sisouphanh Vongsa Keomany Inthavong",
        male="Somphone Khamla Bounmy Phonesavanh",
        female="Vilayvanh Manivone Souksavanh",
    ),
    "mm": dict(
        family="Oo Win Myint Htun Aung Naing",
        male="Aung_Kyaw Zaw Min_Thu Kyaw_Soe",
        female="Thida Su_Mon Nilar Hnin_Wai",
    ),
    "bd": dict(
        family="Rahman Hossain Ahmed Chowdhury Islam Uddin",
        male="Mohammad Rafiq Kamal Tanvir Shahid",
        female="Nusrat Farhana Sharmin Tahmina Ayesha",
    ),
    "lk": dict(
        family="Perera Fernando Silva Jayawardena Wickramasinghe Bandara",
        male="Chaminda Nuwan Ruwan Kasun Sanjeewa",
        female="Dilani Nadeesha Chathurika Ishara",
    ),
    "eaf": dict(
        family="Otieno Mwangi Kamau Odhiambo Mutua Njoroge Kiprop Wanjiru",
        male="Peter Samuel Daniel Joseph Brian Kevin",
        female="Grace Faith Mercy Joyce Esther",
    ),
    "ng": dict(
        family="Okafor Adeyemi Balogun Eze Olawale Abubakar Nwosu",
        male="Chinedu Emeka Oluwaseun Tunde Musa Ibrahim",
        female="Ngozi Funmilayo Amina Chiamaka Yetunde",
    ),
    "za": dict(
        family="Nkosi Dlamini Ndlovu Khumalo Mokoena Botha Naidoo van_der_Merwe",
        male="Sipho Thabo Themba Johan Pieter",
        female="Nomvula Lerato Zanele Anneke Precious",
    ),
    "pacific": dict(
        family="Tuhaika Kikolo Maelanga Pitakaka Naivalu Vakaloloma Waqa Kaloumaira Tasa Fono",
        male="John Peter Moses Clement Derek Josaia Iliesa",
        female="Mary Ruth Lilly Ellen Joanne Litia Mere",
    ),
}


class _Pool:
    """A culture's names, parsed once."""

    def __init__(self, spec: dict):
        self.order = spec.get("order", "")
        self.latin_native = spec.get("latin_native", False)

        def pairs(text: str) -> list[tuple[str, ...]]:
            return [
                tuple(part.replace("_", " ") for part in item.split("|")) for item in text.split()
            ]

        self.family = pairs(spec["family"])
        self.male = pairs(spec["male"])
        self.female = pairs(spec["female"])
        self.gendered_latin = spec.get("gendered", False)

    def person(self, rng: random.Random, gender: Gender) -> tuple[str, str, str]:
        """(given names, family name, name in own script)."""
        given = rng.choice(self.male if gender == Gender.MALE else self.female)
        fam = rng.choice(self.family)
        female = gender == Gender.FEMALE
        if len(fam) == 4:  # gendered family name with native script
            fam_latin, fam_native = (fam[2], fam[3]) if female else (fam[0], fam[1])
        elif self.gendered_latin and len(fam) == 2:
            fam_latin, fam_native = (fam[1] if female else fam[0]), ""
        else:
            fam_latin, fam_native = fam[0], fam[1] if len(fam) > 1 else ""
        given_latin, given_native = given[0], given[1] if len(given) > 1 else ""
        native = ""
        if self.latin_native:
            native = f"{fam_latin} {given_latin}"
        elif fam_native and given_native:
            if self.order == "fg":
                native = fam_native + given_native
            elif self.order == "f g":
                native = f"{fam_native} {given_native}"
            else:
                native = f"{given_native} {fam_native}"
        return given_latin, fam_latin, native


POOLS = {key: _Pool(spec) for key, spec in NAMES.items()}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-"))


def _local(dt: datetime) -> datetime:
    return dt.replace(tzinfo=TZ).astimezone(UTC)


# --- building participants ------------------------------------------------------------------


class _Builder:
    """Makes participant rows (plain dicts for one bulk INSERT)."""

    def __init__(self, rng: random.Random, categories: dict[str, int]):
        self.rng = rng
        self.categories = categories
        self.now = utcnow()
        self.emails: set[str] = set()

    def email_for(self, given: str, family: str, domain: str) -> str:
        base = f"{_ascii(given.split()[0])}.{_ascii(family.replace(' ', ''))}".strip(".")
        email = f"{base}@{domain}"
        n = 2
        while email in self.emails:
            email = f"{base}{n}@{domain}"
            n += 1
        self.emails.add(email)
        return email

    def row(
        self,
        *,
        delegation_id: int,
        delegation_code: str,
        category: str,
        status: ParticipantStatus,
        culture: str,
        nationality: str | None,
        organization: str,
        phone_prefix: str,
        domain: str,
        position: str | None = None,
        abroad: bool = True,
    ) -> dict:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.38 else Gender.MALE
        given, family, native = POOLS[culture].person(rng, gender)
        senior = category in ("head_of_delegation", "vip")
        if senior and rng.random() < 0.6:
            honorific = "H.E. Mr." if gender == Gender.MALE else "H.E. Ms."
        elif category in ("expert", "speaker") and rng.random() < 0.5:
            honorific = rng.choice(["Dr.", "Prof."])
        else:
            honorific = "Mr." if gender == Gender.MALE else "Ms."
        if position is None:
            position = rng.choice(POSITIONS.get(category, POSITIONS["delegate"]))
        row = dict(
            delegation_id=delegation_id,
            category_id=self.categories[category],
            status=status,
            honorific=honorific,
            given_names=given,
            family_name=family,
            native_name=native,
            gender=gender,
            nationality=nationality,
            position=position,
            organization=organization,
            email=self.email_for(given, family, domain),
            phone=f"{phone_prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            languages=LANGUAGES.get(culture, "English"),
            badge_secret=new_badge_secret(),
            search_text="",
            self_registered=status == ParticipantStatus.PENDING_ENDORSEMENT,
            date_of_birth=None,
            passport_number=None,
            passport_expiry=None,
            visa_letter_wanted=False,
            consent_at=None,
            submitted_at=None,
            decided_at=None,
            waitlisted_at=None,
            endorsed_at=None,
            arrival_date=None,
            arrival_time=None,
            arrival_flight="",
            arrival_airport="",
            departure_date=None,
            departure_time=None,
            departure_flight="",
            departure_airport="",
            hotel="",
            dietary="",
            dietary_notes="",
            accessibility_needs="",
            status_reason="",
        )
        row["search_text"] = fold_for_search(given, family, native, row["email"])[:600]
        # Workflow timestamps that fit the status.
        base = datetime(2025, 7, 1, 10, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 50), minutes=rng.randint(0, 600)
        )
        if status != ParticipantStatus.DRAFT:
            row["consent_at"] = base
        if status not in (ParticipantStatus.DRAFT, ParticipantStatus.PENDING_ENDORSEMENT):
            row["submitted_at"] = base + timedelta(hours=1)
        if status in (
            ParticipantStatus.APPROVED,
            ParticipantStatus.REJECTED,
            ParticipantStatus.WITHDRAWN,
            ParticipantStatus.CANCELLED,
        ):
            row["decided_at"] = base + timedelta(days=rng.randint(1, 5))
        if status == ParticipantStatus.WAITLISTED:
            row["waitlisted_at"] = base + timedelta(hours=1)
        if status == ParticipantStatus.REJECTED:
            row["status_reason"] = "Nomination received after the delegation was complete."
        if status == ParticipantStatus.CANCELLED:
            row["status_reason"] = "Cancelled at the request of the secretariat."
        if status == ParticipantStatus.WITHDRAWN:
            row["status_reason"] = "Withdrawn by the delegation."
        # Identity documents and travel of those who come from abroad.
        if abroad:
            if rng.random() < 0.7:
                row["passport_number"] = (
                    f"{rng.choice('ABCEGKNPRSTX')}{rng.randint(1000000, 99999999)}"
                )
                row["passport_expiry"] = date(2027 + rng.randint(0, 7), rng.randint(1, 12), 1)
                row["date_of_birth"] = date(
                    rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28)
                )
            row["visa_letter_wanted"] = rng.random() < 0.3
        if status not in (ParticipantStatus.REJECTED, ParticipantStatus.DRAFT):
            arrival = date(2025, 9, 16) - timedelta(days=rng.choice([0, 0, 0, 1]))
            departure = date(2025, 9, 19) + timedelta(days=rng.choice([-1, 0, 0, 1]))
            if abroad:
                via_shanghai = rng.random() < 0.35
                row.update(
                    arrival_date=arrival,
                    arrival_time=time(rng.randint(7, 22), rng.choice([0, 15, 30, 45])),
                    arrival_flight=f"{rng.choice(CARRIERS)}{rng.randint(2000, 9899)}",
                    arrival_airport="PVG" if via_shanghai else "LYG",
                    departure_date=departure,
                    departure_time=time(rng.randint(7, 21), rng.choice([0, 10, 35, 50])),
                    departure_flight=f"{rng.choice(CARRIERS)}{rng.randint(2000, 9899)}",
                    departure_airport="PVG" if via_shanghai else "LYG",
                )
            row["hotel"] = rng.choice(HOTELS)
            row["dietary"] = rng.choice(DIETS)
            if row["dietary"] == "kosher" or rng.random() < 0.03:
                row["dietary_notes"] = rng.choice(
                    ["Nut allergy", "No shellfish", "Lactose intolerant"]
                )
            if rng.random() < 0.02:
                row["accessibility_needs"] = rng.choice(
                    ["Wheelchair access", "Seat near the exit, please", "Hearing loop"]
                )
        return row


def _insert_participants(rows: list[dict]) -> list[int]:
    """One executemany INSERT (Core: the ORM's bulk path would split the rows into groups by
    their NULL columns); the ids are read back through the unique badge secrets."""
    if not rows:
        return []
    # Core inserts skip the ORM's events: is_head is written here, as the model keeps it.
    head = db.session.scalar(sa.select(Category.id).where(Category.code == HEAD_CATEGORY))
    for row in rows:
        row["is_head"] = row["category_id"] == head
    db.session.execute(sa.insert(Participant.__table__), rows)
    secrets_to_ids = dict(
        db.session.execute(sa.select(Participant.badge_secret, Participant.id)).all()
    )
    return [secrets_to_ids[r["badge_secret"]] for r in rows]


# --- the pieces ----------------------------------------------------------------------------


def _forum() -> ForumSettings:
    from app import identity

    forum = ForumSettings(id=1, **FORUM)
    # The demo's own marks, drawn now (no real government emblem, no image file in the repo).
    forum.brand_primary, forum.brand_accent = identity.DEMO_PRIMARY, identity.DEMO_ACCENT
    forum.logo_png = identity.draw_logo(identity.DEMO_PRIMARY, identity.DEMO_ACCENT)
    forum.emblem_png = identity.draw_emblem(identity.DEMO_PRIMARY, identity.DEMO_ACCENT)
    forum.has_logo = forum.has_emblem = True
    forum.registration_opens_at = _local(datetime(2025, 6, 2, 9, 0))
    closes = _local(datetime(2025, 9, 5, 23, 59))
    deadline = _local(datetime(2025, 9, 12, 18, 0))
    # A demo seeded after the real forum keeps registration open for a month, so the
    # registration pages can be tried.
    now = utcnow()
    if now > closes:
        closes = now + timedelta(days=30)
        deadline = now + timedelta(days=35)
    forum.registration_closes_at = closes
    forum.edit_deadline = deadline
    db.session.add(forum)
    return forum


def _categories() -> dict[str, int]:
    out = {}
    for n, (code, en, fr, zh, colour, text, passport) in enumerate(CATEGORIES, start=1):
        cat = Category(
            code=code,
            name_en=en,
            name_fr=fr,
            name_zh=zh,
            colour=colour,
            text_colour=text,
            sort_order=n * 10,
            requires_passport=passport,
            chosen_by=RESERVED_CATEGORIES.get(code, ChosenBy.ANYONE),
        )
        db.session.add(cat)
        out[code] = cat
    db.session.flush()
    return {code: cat.id for code, cat in out.items()}


def _delegation(kind, code, names: dict[str, str], quota=5, status=DelegationStatus.CONFIRMED):
    delegation = Delegation(
        kind=kind,
        code=code,
        name_en=names["en"],
        name_fr=names["fr"],
        name_zh=names["zh"],
        quota=quota,
        status=status,
        registration_token=secrets.token_urlsafe(24),
        registration_token_created_at=utcnow(),
    )
    db.session.add(delegation)
    return delegation


def _users(
    summary: Summary,
    password_hash: str,
    delegations: list[Delegation],
    delegate_participant: tuple[int, int] | None,
    rng: random.Random,
) -> None:
    users = [
        User(email="admin@example.org", role=Role.ADMIN, full_name="Zhou Lei"),
        User(email="organizer@example.org", role=Role.ORGANIZER, full_name="Chen Jing"),
        User(email="staff@example.org", role=Role.STAFF, full_name="Liu Yang"),
    ]
    summary.accounts += [
        ("admin@example.org", "admin", "secretariat IT lead: everything"),
        ("organizer@example.org", "organizer", "protocol officer: delegations, approvals"),
        ("staff@example.org", "staff", "badge and check-in desk"),
    ]
    for d in delegations:
        email = f"focal.{d.code.lower()}@example.org"
        culture = COUNTRIES.get(d.code, "en")
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
        given, family, _native = POOLS[culture].person(rng, gender)
        locale = {"CN": "zh", "FR": "fr", "HOST": "zh", "MEDIA": "zh"}.get(d.code)
        users.append(
            User(
                email=email,
                role=Role.FOCAL_POINT,
                full_name=f"{given} {family}",
                delegation_id=d.id,
                locale=locale,
            )
        )
        summary.accounts.append((email, "focal_point", d.name_en))
    if delegate_participant:
        participant_id, delegation_id = delegate_participant
        participant = db.session.get(Participant, participant_id)
        users.append(
            User(
                email="delegate@example.org",
                role=Role.DELEGATE,
                full_name=f"{participant.given_names} {participant.family_name}",
                delegation_id=delegation_id,
                participant_id=participant_id,
            )
        )
        summary.accounts.append(
            ("delegate@example.org", "delegate", f"{participant.full_name} (approved)")
        )
    for user in users:
        user.password_hash = password_hash
    db.session.add_all(users)
    db.session.flush()


def _set_heads(heads: dict[int, int]) -> None:
    if heads:
        db.session.execute(
            sa.update(Delegation),
            [{"id": d, "head_participant_id": p} for d, p in heads.items()],
        )


def _optional_seeders(summary: Summary) -> None:
    """Programme and announcements, when those areas provide demo data."""
    try:
        from app.programme.demo import seed_programme
    except ModuleNotFoundError as exc:
        if exc.name != "app.programme.demo":
            raise
    else:
        seed_programme(summary)
    try:
        from app.announcements.demo import seed_announcements
    except ModuleNotFoundError as exc:
        if exc.name != "app.announcements.demo":
            raise
    else:
        seed_announcements(summary)


# --- the demo forum -------------------------------------------------------------------------

# Sizes of the country delegations after the six named ones (average a little over 3).
_SIZES = [3, 4, 3, 3, 4, 3, 2, 4, 3, 3, 4, 3]
# Non-approved statuses handed out among members who are not heads (count of each).
_OTHER_STATUSES = {
    ParticipantStatus.SUBMITTED: 14,
    ParticipantStatus.DRAFT: 6,
    ParticipantStatus.PENDING_ENDORSEMENT: 5,
    ParticipantStatus.WAITLISTED: 4,
    ParticipantStatus.REJECTED: 3,
    ParticipantStatus.WITHDRAWN: 3,
    ParticipantStatus.CANCELLED: 3,
}


def _demo(summary: Summary, password_hash: str, rng: random.Random) -> None:
    categories = _categories()
    builder = _Builder(rng, categories)
    A = ParticipantStatus.APPROVED

    # Delegations: countries and regions, organizations, others.
    plan: list[tuple[Delegation, list[dict]]] = []
    countries = []
    for n, code in enumerate(COUNTRIES):
        status = DelegationStatus.INVITED if n in (23, 37, 44) else DelegationStatus.CONFIRMED
        countries.append(
            _delegation(DelegationKind.COUNTRY, code, country_names(code), status=status)
        )
    orgs = [
        _delegation(DelegationKind.ORGANIZATION, code, {"en": en, "fr": fr, "zh": zh})
        for code, en, fr, zh, _phone in ORGANIZATIONS
    ]
    others = [
        _delegation(DelegationKind.OTHER, code, {"en": en, "fr": fr, "zh": zh}, quota=40)
        for code, en, fr, zh in OTHERS
    ]
    db.session.flush()

    # Members who are not heads of delegation, to hand the other statuses to.
    assignable: list[dict] = []
    speakers_left = 10

    for n, d in enumerate(countries):
        size = {"CN": 8, "US": 4, "RU": 5, "MN": 4, "SB": 3, "PE": 3}.get(d.code)
        size = size or _SIZES[n % len(_SIZES)]
        culture = COUNTRIES[d.code]
        agency = AGENCIES.get(d.code) or rng.choice(GENERIC_AGENCIES)
        phone = f"+{country_code_for_region(d.code)}"
        domain = f"{d.code.lower()}.example.org"
        rows = []
        for i in range(size):
            if i == 0:
                category = "head_of_delegation"
            elif i == size - 1 and size >= 4:
                category = "observer"
            elif speakers_left and rng.random() < 0.25:
                category = "speaker"
                speakers_left -= 1
            else:
                category = "delegate"
            row = builder.row(
                delegation_id=d.id,
                delegation_code=d.code,
                category=category,
                status=A,
                culture=culture,
                nationality=d.code,
                organization=agency,
                phone_prefix=phone,
                domain=domain,
                abroad=d.code != "CN",
            )
            rows.append(row)
            if i and not (d.code == "CN" and i == 1):
                assignable.append(row)
        if d.code == "CN":
            rows[1]["category_id"] = categories["vip"]
            rows[1]["position"] = "Vice Minister of Public Security"
        plan.append((d, rows))

    for d, (code, _en, _fr, _zh, phone) in zip(orgs, ORGANIZATIONS, strict=True):
        rows = []
        for i, category in enumerate(("head_of_delegation", "speaker", "delegate")):
            culture = rng.choice(list(COUNTRIES.values()))
            nationality = rng.choice([c for c, v in COUNTRIES.items() if v == culture])
            position = {
                "head_of_delegation": "Chief of Mission in China"
                if code in ("IOM", "UNHCR")
                else "Regional Representative",
                "speaker": "Senior Migration Policy Officer",
                "delegate": "Programme Officer",
            }[category]
            row = builder.row(
                delegation_id=d.id,
                delegation_code=code,
                category=category,
                status=A,
                culture=culture,
                nationality=nationality,
                organization=d.name_en,
                phone_prefix=phone,
                domain=f"{code.lower()}.example.org",
                position=position,
            )
            rows.append(row)
            if i:
                assignable.append(row)
        plan.append((d, rows))

    experts, media, host = others
    rows = []
    institutes = [
        "Chinese Academy of Social Sciences",
        "People's Public Security University of China",
        "Migration Policy Institute",
        "University of Oxford, Centre on Migration, Policy and Society",
        "Jiangsu Police Institute",
        "Renmin University of China",
        "Graduate Institute Geneva",
    ]
    for i in range(14):
        culture = "zh" if i % 2 == 0 else rng.choice(["en", "fr", "de", "ru", "es", "ja", "ko"])
        nat = (
            "CN"
            if culture == "zh"
            else rng.choice([c for c, v in COUNTRIES.items() if v == culture])
        )
        category = "speaker" if i < 3 else "expert"
        rows.append(
            builder.row(
                delegation_id=experts.id,
                delegation_code=experts.code,
                category=category,
                status=A if i % 5 else ParticipantStatus.SUBMITTED,
                culture=culture,
                nationality=nat,
                organization=institutes[i % len(institutes)],
                phone_prefix="+86 25",
                domain="experts.example.org",
                position=rng.choice(
                    ["Professor", "Senior Research Fellow", "Researcher", "Director"]
                ),
                abroad=culture != "zh",
            )
        )
    plan.append((experts, rows))

    outlets = [
        "Xinhua News Agency",
        "China Media Group (CGTN)",
        "China Daily",
        "People's Daily",
        "Jiangsu Broadcasting Corporation",
        "Lianyungang Daily",
    ]
    rows = []
    for i in range(12):
        rows.append(
            builder.row(
                delegation_id=media.id,
                delegation_code=media.code,
                category="media",
                status=[A, A, A, ParticipantStatus.SUBMITTED][i % 4],
                culture="zh",
                nationality="CN",
                organization=outlets[i % len(outlets)],
                phone_prefix="+86 10",
                domain="media.example.org",
                position=rng.choice(["Correspondent", "Photographer", "Camera operator", "Editor"]),
                abroad=False,
            )
        )
    plan.append((media, rows))

    rows = []
    host_roles = (
        ["vip"] * 2
        + ["head_of_delegation"]
        + ["organizer"] * 8
        + ["staff"] * 8
        + ["interpreter"] * 5
        + ["security"] * 3
    )
    host_positions = {
        "vip": "Vice Chairman of the Forum Organizing Committee",
        "head_of_delegation": "Secretary-General of the Sub-forum",
        "organizer": "Protocol Officer",
        "staff": "Registration and Badge Desk",
        "interpreter": "Conference Interpreter",
        "security": "Security Officer",
    }
    for category in host_roles:
        rows.append(
            builder.row(
                delegation_id=host.id,
                delegation_code=host.code,
                category=category,
                status=A,
                culture="zh",
                nationality="CN",
                organization="National Immigration Administration"
                if category != "interpreter"
                else "Lianyungang Foreign Affairs Office",
                phone_prefix="+86 518",
                domain="host.example.org",
                position=host_positions[category],
                abroad=False,
            )
        )
    # The host head of delegation goes first, as in every delegation.
    rows.insert(0, rows.pop(2))
    for r in rows:
        if r["category_id"] == categories["interpreter"]:
            r["languages"] = rng.choice(
                [
                    "Chinese, English",
                    "Chinese, French",
                    "Chinese, Russian",
                    "Chinese, Spanish",
                    "Chinese, Arabic",
                ]
            )
    plan.append((host, rows))

    # Hand out the other statuses; a delegation with someone waitlisted is full.
    rng.shuffle(assignable)
    it = iter(assignable)
    for status, count in _OTHER_STATUSES.items():
        for _ in range(count):
            r = next(it)
            r["status"] = status
            r["self_registered"] = status == ParticipantStatus.PENDING_ENDORSEMENT
            fresh = builder.row(
                delegation_id=r["delegation_id"],
                delegation_code="",
                category="delegate",
                status=status,
                culture="en",
                nationality=None,
                organization="",
                phone_prefix="",
                domain="x.example.org",
            )
            for key in (
                "consent_at",
                "submitted_at",
                "decided_at",
                "waitlisted_at",
                "status_reason",
            ):
                r[key] = fresh[key]
            if status in (ParticipantStatus.DRAFT, ParticipantStatus.REJECTED):
                for key in ("arrival_date", "departure_date", "arrival_time", "departure_time"):
                    r[key] = None
                for key in ("arrival_flight", "arrival_airport", "departure_flight"):
                    r[key] = ""
                r["departure_airport"] = ""

    all_rows = [r for _d, rows in plan for r in rows]
    ids = _insert_participants(all_rows)
    for r, pid in zip(all_rows, ids, strict=True):
        r["id"] = pid

    heads = {}
    for d, rows in plan:
        seats = sum(
            1
            for r in rows
            if r["status"] in (ParticipantStatus.SUBMITTED, ParticipantStatus.APPROVED)
        )
        waiting = any(r["status"] == ParticipantStatus.WAITLISTED for r in rows)
        spare = 0 if waiting else rng.randint(0, 2)
        d.quota = max(seats + spare, 40 if d.kind == DelegationKind.OTHER else 0)
        head = next((r for r in rows if r["category_id"] == categories["head_of_delegation"]), None)
        if head:
            heads[d.id] = head["id"]
    db.session.flush()
    _set_heads(heads)

    # The delegate account: an approved delegate of Peru.
    peru = next(d for d, _rows in plan if d.code == "PE")
    candidate = next(
        r
        for d, rows in plan
        if d is peru
        for r in rows
        if r["status"] == A and r["category_id"] != categories["head_of_delegation"]
    )
    db.session.execute(
        sa.update(Participant)
        .where(Participant.id == candidate["id"])
        .values(email="delegate@example.org")
        .execution_options(synchronize_session=False)
    )
    all_delegations = countries + orgs + others
    _users(summary, password_hash, all_delegations, (candidate["id"], peru.id), rng)

    summary.counts.update(
        countries=len(countries),
        organizations=len(orgs),
        others=len(others),
        delegations=len(all_delegations),
        participants=len(all_rows),
        categories=len(categories),
    )
    summary.add(f"Demo forum: {FORUM['name_en']}, Lianyungang, 17–18 September 2025.")
    summary.add(
        f"{len(countries)} countries and regions, {len(orgs)} international organizations, "
        f"{len(others)} other delegations (experts, media, host secretariat); "
        f"{len(all_rows)} participants in {len(categories)} categories."
    )


# --- the synthetic forum --------------------------------------------------------------------

_SYNTHETIC_STATUSES = [
    (ParticipantStatus.APPROVED, 76),
    (ParticipantStatus.SUBMITTED, 8),
    (ParticipantStatus.DRAFT, 4),
    (ParticipantStatus.PENDING_ENDORSEMENT, 3),
    (ParticipantStatus.WAITLISTED, 3),
    (ParticipantStatus.REJECTED, 2),
    (ParticipantStatus.WITHDRAWN, 2),
    (ParticipantStatus.CANCELLED, 2),
]
_SYNTHETIC_CATEGORIES = [
    ("delegate", 60),
    ("observer", 10),
    ("speaker", 6),
    ("expert", 8),
    ("media", 5),
    ("staff", 4),
    ("interpreter", 3),
    ("security", 2),
    ("organizer", 1),
    ("vip", 1),
]


def _synthetic(
    summary: Summary,
    password_hash: str,
    rng: random.Random,
    n_participants: int,
    n_delegations: int,
) -> None:
    categories = _categories()
    builder = _Builder(rng, categories)
    cultures = list(POOLS)

    n_delegations = max(1, n_delegations)
    n_orgs = min(len(ORGANIZATIONS), n_delegations // 20)
    n_other = min(len(OTHERS), n_delegations // 40)
    n_countries = n_delegations - n_orgs - n_other
    codes = list(COUNTRIES) + sorted(c for c in _territories("en") if c not in COUNTRIES)
    delegations: list[Delegation] = []
    for i in range(n_countries):
        if i < len(codes):
            code = codes[i]
            d = _delegation(DelegationKind.COUNTRY, code, country_names(code))
        else:
            code = f"SYN{i:04d}"
            name = f"Synthetic delegation {i}"
            d = _delegation(DelegationKind.OTHER, code, {"en": name, "fr": name, "zh": name})
        delegations.append(d)
    for code, en, fr, zh, _phone in ORGANIZATIONS[:n_orgs]:
        delegations.append(
            _delegation(DelegationKind.ORGANIZATION, code, {"en": en, "fr": fr, "zh": zh})
        )
    for code, en, fr, zh in OTHERS[:n_other]:
        delegations.append(_delegation(DelegationKind.OTHER, code, {"en": en, "fr": fr, "zh": zh}))
    db.session.flush()

    statuses = [s for s, w in _SYNTHETIC_STATUSES for _ in range(w)]
    cats = [c for c, w in _SYNTHETIC_CATEGORIES for _ in range(w)]
    rows: list[dict] = []
    per = [n_participants // len(delegations)] * len(delegations)
    for i in range(n_participants % len(delegations)):
        per[i] += 1
    first_of: dict[int, int] = {}
    for d, size in zip(delegations, per, strict=True):
        culture = COUNTRIES.get(d.code) or rng.choice(cultures)
        for i in range(size):
            if i == 0:
                first_of[d.id] = len(rows)
            rows.append(
                builder.row(
                    delegation_id=d.id,
                    delegation_code=d.code,
                    category="head_of_delegation" if i == 0 else rng.choice(cats),
                    status=ParticipantStatus.APPROVED if i == 0 else rng.choice(statuses),
                    culture=culture,
                    nationality=d.code if d.kind == DelegationKind.COUNTRY else None,
                    organization=AGENCIES.get(d.code)
                    or GENERIC_AGENCIES[i % len(GENERIC_AGENCIES)],
                    phone_prefix="+86",
                    domain=f"{d.code.lower()}.example.net",
                )
            )
    ids = _insert_participants(rows)
    seats: dict[int, int] = {}
    for r in rows:
        if r["status"] in (ParticipantStatus.SUBMITTED, ParticipantStatus.APPROVED):
            seats[r["delegation_id"]] = seats.get(r["delegation_id"], 0) + 1
    db.session.execute(
        sa.update(Delegation),
        [
            {
                "id": d.id,
                "quota": seats.get(d.id, 0) + 2,
                "head_participant_id": ids[first_of[d.id]] if d.id in first_of else None,
            }
            for d in delegations
        ],
    )
    delegate = next(
        (
            (ids[k], r["delegation_id"])
            for k, r in enumerate(rows)
            if r["status"] == ParticipantStatus.APPROVED
        ),
        None,
    )
    _users(summary, password_hash, delegations, delegate, rng)
    summary.counts.update(delegations=len(delegations), participants=len(rows))
    summary.add(
        f"Synthetic forum: {len(rows)} participants in {len(delegations)} delegations "
        f"({n_countries} countries, regions or synthetic, {n_orgs} organizations, {n_other} others)."
    )


# --- entry point ----------------------------------------------------------------------------


def seed(password: str, participants: int | None = None, delegations: int | None = None) -> Summary:
    """Build the demo forum, or a synthetic one with that many participants and delegations.

    Flushes but does not commit: the caller (the CLI) commits once.
    """
    rng = random.Random(SEED)
    summary = Summary(password=password)
    # Hashing is slow on purpose; every demo account shares one hash.
    password_hash = generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    forum = _forum()
    if participants is None and delegations is None:
        _demo(summary, password_hash, rng)
    else:
        summary.synthetic = True
        n_part = participants if participants is not None else 10_000
        n_del = delegations if delegations is not None else max(1, n_part // 50)
        _synthetic(summary, password_hash, rng, n_part, n_del)
    db.session.flush()
    if forum.registration_closes_at > datetime(2025, 9, 6, tzinfo=UTC):
        summary.add(
            "Registration stays open until "
            f"{forum.registration_closes_at.astimezone(TZ):%Y-%m-%d %H:%M} (Asia/Shanghai), "
            "so that the demo can be tried after the real forum."
        )
    _optional_seeders(summary)
    if not summary.synthetic:
        seating_demo.seed(summary)
    db.session.flush()
    # The dashboard's tallies: thousands of inserts folded in now, not on the first view.
    tallies.compact(db.session.connection())
    return summary

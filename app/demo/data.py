"""The demo's data tables: the forum, its categories, delegations, agencies, name pools."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from app.models import ParticipantStatus

SEED = 2025
TZ = ZoneInfo("Asia/Shanghai")

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


# --- the demo forum's members -----------------------------------------------------------------

# Sizes of the country delegations after the six named ones (average a little over 3).
SIZES = [3, 4, 3, 3, 4, 3, 2, 4, 3, 3, 4, 3]
NAMED_SIZES = {"CN": 8, "US": 4, "RU": 5, "MN": 4, "SB": 3, "PE": 3}
# Non-approved statuses handed out among members who are not heads (count of each).
OTHER_STATUSES = {
    ParticipantStatus.SUBMITTED: 14,
    ParticipantStatus.DRAFT: 6,
    ParticipantStatus.PENDING_ENDORSEMENT: 5,
    ParticipantStatus.WAITLISTED: 4,
    ParticipantStatus.REJECTED: 3,
    ParticipantStatus.WITHDRAWN: 3,
    ParticipantStatus.CANCELLED: 3,
}
INSTITUTES = [
    "Chinese Academy of Social Sciences",
    "People's Public Security University of China",
    "Migration Policy Institute",
    "University of Oxford, Centre on Migration, Policy and Society",
    "Jiangsu Police Institute",
    "Renmin University of China",
    "Graduate Institute Geneva",
]
OUTLETS = [
    "Xinhua News Agency",
    "China Media Group (CGTN)",
    "China Daily",
    "People's Daily",
    "Jiangsu Broadcasting Corporation",
    "Lianyungang Daily",
]
HOST_ROLES = (
    ["vip"] * 2
    + ["head_of_delegation"]
    + ["organizer"] * 8
    + ["staff"] * 8
    + ["interpreter"] * 5
    + ["security"] * 3
)
HOST_POSITIONS = {
    "vip": "Vice Chairman of the Forum Organizing Committee",
    "head_of_delegation": "Secretary-General of the Sub-forum",
    "organizer": "Protocol Officer",
    "staff": "Registration and Badge Desk",
    "interpreter": "Conference Interpreter",
    "security": "Security Officer",
}
INTERPRETER_LANGUAGES = [
    "Chinese, English",
    "Chinese, French",
    "Chinese, Russian",
    "Chinese, Spanish",
    "Chinese, Arabic",
]

# --- the synthetic forum ----------------------------------------------------------------------

SYNTHETIC_STATUSES = [
    (ParticipantStatus.APPROVED, 76),
    (ParticipantStatus.SUBMITTED, 8),
    (ParticipantStatus.DRAFT, 4),
    (ParticipantStatus.PENDING_ENDORSEMENT, 3),
    (ParticipantStatus.WAITLISTED, 3),
    (ParticipantStatus.REJECTED, 2),
    (ParticipantStatus.WITHDRAWN, 2),
    (ParticipantStatus.CANCELLED, 2),
]
SYNTHETIC_CATEGORIES = [
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

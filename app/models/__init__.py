"""All models, re-exported so `from app.models import Participant` works everywhere."""

from app.models.announcement import Announcement, Audience, InfoPage
from app.models.api_token import ApiToken, TokenScope, new_api_token
from app.models.audit import AuditLog
from app.models.base import UTCDateTime, utcnow
from app.models.delegation import (
    Delegation,
    DelegationKind,
    DelegationStatus,
    Document,
    DocumentKind,
)
from app.models.desk import (
    BadgePrint,
    BadgePrintReason,
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Direction,
    RefusalReason,
    RevokedBadge,
)
from app.models.forum import ForumSettings
from app.models.name_search import candidates as name_search_candidates
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.participant import (
    CLOSED_STATUSES,
    DEFAULT_CATEGORY,
    HEAD_CATEGORY,
    SEAT_STATUSES,
    Category,
    ChosenBy,
    Gender,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
    VisaLetter,
    fold_for_search,
    new_badge_secret,
)
from app.models.programme import (
    ProgrammeSession,
    Room,
    SessionKind,
    SessionSignup,
    SessionSpeaker,
    SignupStatus,
    SpeakerRole,
    Topic,
    Visibility,
)
from app.models.tallies import CategoryTally, ParticipantTally, SubmissionTally, TallyDelta
from app.models.user import Invitation, Role, User, hash_token

__all__ = [
    "name_search_candidates",
    "SEAT_STATUSES",
    "CLOSED_STATUSES",
    "HEAD_CATEGORY",
    "DEFAULT_CATEGORY",
    "Announcement",
    "ApiToken",
    "TokenScope",
    "new_api_token",
    "Direction",
    "Audience",
    "AuditLog",
    "BadgePrint",
    "BadgePrintReason",
    "Category",
    "CategoryTally",
    "ChosenBy",
    "CheckIn",
    "CheckInMethod",
    "CheckInResult",
    "Delegation",
    "DelegationKind",
    "DelegationStatus",
    "Document",
    "DocumentKind",
    "ForumSettings",
    "Gender",
    "InfoPage",
    "Invitation",
    "OutboxMessage",
    "OutboxStatus",
    "Participant",
    "ParticipantTally",
    "ParticipantPhoto",
    "ParticipantStatus",
    "ProgrammeSession",
    "RefusalReason",
    "RevokedBadge",
    "Role",
    "Room",
    "SessionKind",
    "SessionSignup",
    "SessionSpeaker",
    "SignupStatus",
    "SpeakerRole",
    "SubmissionTally",
    "TallyDelta",
    "Topic",
    "UTCDateTime",
    "User",
    "Visibility",
    "VisaLetter",
    "fold_for_search",
    "hash_token",
    "new_badge_secret",
    "utcnow",
]

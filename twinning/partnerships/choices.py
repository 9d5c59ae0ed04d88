from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("sister city")
    COOPERATION = "cooperation", _("cooperation")
    SECTOR_COOPERATION = "sector_cooperation", _("strategic sector cooperation")
    PROJECT = "project", _("ad hoc project")


class PartnershipStatus(models.TextChoices):
    NONE = "", _("no events recorded")
    INTENT = "intent", _("intent")
    ACTIVE = "active", _("active")
    LIMITED = "limited", _("limited")
    SUSPENDED = "suspended", _("suspended")
    TERMINATED = "terminated", _("terminated")


class EventKind(models.TextChoices):
    INTENT = "intent", _("intent declared")
    ESTABLISHED = "established", _("established")
    # For a partnership known to be going on whose start is not known: it is active
    # from then on, but has no start date.
    CONFIRMED = "confirmed", _("confirmed as ongoing")
    RENEWED = "renewed", _("renewed")
    EXPANDED = "expanded", _("expanded")
    LIMITED = "limited", _("limited")
    SUSPENDED = "suspended", _("suspended")
    RESUMED = "resumed", _("resumed")
    TERMINATED = "terminated", _("terminated")
    # A cooperation promoted to a sister city, say: the status is kept.
    KIND_CHANGED = "kind_changed", _("changed kind")


S = PartnershipStatus

# For each kind of event: the statuses it may follow, and the status it leads to.
# None as a target keeps the status as it was.
EVENT_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    EventKind.INTENT: (frozenset({S.NONE}), S.INTENT),
    EventKind.ESTABLISHED: (frozenset({S.NONE, S.INTENT, S.TERMINATED}), S.ACTIVE),
    EventKind.CONFIRMED: (frozenset({S.NONE, S.INTENT, S.ACTIVE}), S.ACTIVE),
    EventKind.RENEWED: (frozenset({S.ACTIVE, S.LIMITED, S.SUSPENDED}), S.ACTIVE),
    EventKind.EXPANDED: (frozenset({S.ACTIVE}), None),
    EventKind.LIMITED: (frozenset({S.ACTIVE, S.SUSPENDED}), S.LIMITED),
    EventKind.SUSPENDED: (frozenset({S.ACTIVE, S.LIMITED}), S.SUSPENDED),
    EventKind.RESUMED: (frozenset({S.LIMITED, S.SUSPENDED}), S.ACTIVE),
    EventKind.TERMINATED: (
        frozenset({S.INTENT, S.ACTIVE, S.LIMITED, S.SUSPENDED}),
        S.TERMINATED,
    ),
    EventKind.KIND_CHANGED: (
        frozenset({S.INTENT, S.ACTIVE, S.LIMITED, S.SUSPENDED}),
        None,
    ),
}


class AgreementKind(models.TextChoices):
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    FRIENDSHIP = "friendship", _("friendship agreement")
    SISTER_CITY = "sister_city", _("sister city agreement")
    PARTNERSHIP = "partnership", _("partnership agreement")
    COOPERATION = "cooperation", _("cooperation agreement")
    MOU = "mou", _("memorandum of understanding")


class PartnerSize(models.TextChoices):
    """The size of partner a municipality seeks, by population."""

    ANY = "any", _("any size")
    SMALL = "small", _("small (under 50,000 people)")
    MEDIUM = "medium", _("medium (50,000 to 250,000 people)")
    LARGE = "large", _("large (over 250,000 people)")


class ExchangeKind(models.TextChoices):
    """A kind of exchange a municipality seeking partners wants."""

    STAFF = "staff", _("staff exchanges")
    POLITICAL = "political", _("political visits")
    SCHOOLS = "schools", _("school and youth exchanges")
    CULTURE = "culture", _("cultural exchanges")
    CITIZENS = "citizens", _("citizens' meetings")
    EU_PROJECTS = "eu_projects", _("joint EU projects")
    BUSINESS = "business", _("business missions")

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    INCOMING_VISIT = "incoming_visit", _("incoming delegation visit")
    OUTGOING_VISIT = "outgoing_visit", _("outgoing delegation visit")
    STAFF_EXCHANGE = "staff_exchange", _("staff exchange")
    MEETING = "meeting", _("meeting")
    SEMINAR = "seminar", _("seminar")
    CONFERENCE = "conference", _("conference")
    BUSINESS_MISSION = "business_mission", _("business mission")
    AGREEMENT_SIGNING = "agreement_signing", _("agreement signing")


class ParticipantRole(models.TextChoices):
    HOST = "host", _("host")
    DELEGATION_LEAD = "delegation_lead", _("head of delegation")
    DELEGATE = "delegate", _("delegate")
    SPEAKER = "speaker", _("speaker")
    ORGANISER = "organiser", _("organiser")
    SIGNATORY = "signatory", _("signatory")
    OBSERVER = "observer", _("observer")


class BudgetKind(models.TextChoices):
    TRAVEL = "travel", _("travel")
    ACCOMMODATION = "accommodation", _("accommodation")
    HOSPITALITY = "hospitality", _("hospitality")
    INTERPRETATION = "interpretation", _("interpretation")
    GIFTS = "gifts", _("gifts")
    OTHER = "other", _("other")


class Payer(models.TextChoices):
    """Who pays a budget line."""

    HOME = "home", _("the home municipality")
    PARTNER = "partner", _("the partner")
    SHARED = "shared", _("shared")
    OTHER = "other", _("someone else")


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("given")
    RECEIVED = "received", _("received")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")

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

"""E-mail each member of staff what is due: their follow-ups, and coming deadlines.

Meant to run once a day (docs/operations.md has a systemd timer). Each active member
of staff with an e-mail address gets one message, and only when there is something
in it:

- their open follow-ups due within `--days` days (3 unless told), overdue ones too;
- the deadlines of funding calls and partner searches in their municipalities within
  `--deadline-days` days (14 unless told).

The message is in the site's language (Danish unless set otherwise); the links are
absolute when `TWINNING_BASE_URL` is set.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.activities.models import FollowUp
from twinning.activities.selectors import follow_ups_due
from twinning.eu.models import FundingOpportunity, PartnerSearch
from twinning.eu.selectors import (
    funding_deadlines_of_staff,
    partner_search_deadlines_of_staff,
)
from twinning.places.models import Municipality


def _link(name: str, pk: Any) -> str:
    return settings.TWINNING_BASE_URL + reverse(name, args=[pk])


def _day(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _follow_up_line(follow_up: FollowUp, today: dt.date) -> str:
    due = follow_up.due or today
    if due < today:
        when = _("overdue since %(day)s") % {"day": _day(due)}
    elif due == today:
        when = _("due today")
    else:
        when = _("due %(day)s") % {"day": _day(due)}
    return "- {what} ({when})\n  {activity}\n  {link}".format(
        what=follow_up.description.strip().splitlines()[0][:200],
        when=when,
        activity=follow_up.activity.title,
        link=_link("admin:activities_followup_change", follow_up.pk),
    )


def _funding_line(opportunity: FundingOpportunity) -> str:
    deadline = timezone.localtime(opportunity.deadline)
    return "- {title} ({programme}): {when}\n  {link}".format(
        title=opportunity.title,
        programme=opportunity.programme,
        when=formats.date_format(deadline, "DATETIME_FORMAT"),
        link=_link("admin:eu_fundingopportunity_change", opportunity.pk),
    )


def _search_line(search: PartnerSearch) -> str:
    return "- {title}: {when}\n  {link}".format(
        title=search.title,
        when=_day(search.deadline) if search.deadline else "",
        link=_link("admin:eu_partnersearch_change", search.pk),
    )


def reminder_for(
    user: Any, *, today: dt.date, days: int, deadline_days: int
) -> EmailMessage | None:
    """Return the reminder e-mail for one member of staff, or None if nothing is due."""
    follow_ups = list(
        follow_ups_due(
            municipalities=Municipality.objects.for_user(user),
            by=today + dt.timedelta(days=days),
            responsible=user,
        )
    )
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=deadline_days + 1)
    calls = list(funding_deadlines_of_staff(user=user, start=start, end=end))
    searches = list(
        partner_search_deadlines_of_staff(
            user=user, start=today, end=today + dt.timedelta(days=deadline_days)
        )
    )
    if not (follow_ups or calls or searches):
        return None
    name = user.get_full_name() or user.get_username()
    parts = [_("Dear %(name)s,") % {"name": name}]
    if follow_ups:
        parts.append(
            ngettext(
                "Your follow-up that is due:",
                "Your %(count)d follow-ups that are due:",
                len(follow_ups),
            )
            % {"count": len(follow_ups)}
        )
        parts.append("\n".join(_follow_up_line(item, today) for item in follow_ups))
    if calls:
        parts.append(
            _("Deadlines of funding calls in the next %(days)d days:")
            % {"days": deadline_days}
        )
        parts.append("\n".join(_funding_line(call) for call in calls))
    if searches:
        parts.append(
            _("Partner searches to answer in the next %(days)d days:")
            % {"days": deadline_days}
        )
        parts.append("\n".join(_search_line(search) for search in searches))
    parts.append(
        _(
            "This reminder is sent every day something is due. Mark a follow-up as "
            "done to stop being reminded of it."
        )
    )
    overdue = sum(1 for item in follow_ups if item.due and item.due < today)
    subject = (
        ngettext(
            "Twinning: %(count)d follow-up overdue",
            "Twinning: %(count)d follow-ups overdue",
            overdue,
        )
        % {"count": overdue}
        if overdue
        else _("Twinning: what is due")
    )
    return EmailMessage(
        subject=subject,
        body="\n\n".join(parts) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


class Command(BaseCommand):
    help = "E-mail each member of staff their due follow-ups and coming deadlines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=3,
            help="Remind of follow-ups due within this many days (and overdue ones).",
        )
        parser.add_argument(
            "--deadline-days",
            type=int,
            default=14,
            help="Remind of deadlines within this many days.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would get a reminder, and send nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        staff = (
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .order_by("pk")
        )
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            for user in staff:
                message = reminder_for(
                    user,
                    today=today,
                    days=options["days"],
                    deadline_days=options["deadline_days"],
                )
                if message is not None:
                    messages.append(message)
        if options["dry_run"]:
            for message in messages:
                self.stdout.write(f"{message.to[0]}: {message.subject}")
            return
        sent = get_connection().send_messages(messages) if messages else 0
        self.stdout.write(f"Sent {sent or 0} reminders.")

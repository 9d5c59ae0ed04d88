"""Sign-in pages of the back office: the lock-out, and the second factor."""

from __future__ import annotations

import logging
from typing import Any

import segno
from axes.helpers import get_cool_off, get_failure_limit
from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from twinning.accounts.second_factor import (
    authenticator_confirm,
    authenticator_pending,
    has_second_factor,
    is_administrator,
    recovery_codes_issue,
    recovery_codes_left,
    second_factor_match,
)

log = logging.getLogger("twinning.accounts")


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Tell the person, in their language, that sign-in is locked and until when.

    django-axes answers a locked-out sign-in with this page (429), right password
    or not. The lock ends a cool-off period after the last attempt.
    """
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in locked"),
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "until": timezone.localtime() + cool_off if cool_off else None,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def safe_next(request: HttpRequest) -> str:
    """Return where to go on after the second factor: `next`, if it is this site's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


def page(request: HttpRequest, template: str, title: Any, **context: Any) -> Any:
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "next": safe_next(request),
            **context,
        },
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the authenticator app, or a recovery code."""
    if not has_second_factor(request.user):
        return HttpResponseRedirect(reverse("second-factor-setup"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_match(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(safe_next(request))
        log.warning(
            "A wrong second-factor code for user %s from %s.",
            request.user.pk,
            request.META.get("REMOTE_ADDR"),
        )
        form.add_error(
            "code",
            _(
                "That code is not right, or has been used. Wait for the next code "
                "of your app, or use a recovery code."
            ),
        )
    return page(
        request,
        "accounts/second_factor_verify.html",
        _("Second factor"),
        form=form,
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show its secret as a QR code, confirm a code.

    A user who already has a factor must have proved it in this session first, so
    a stolen password cannot replace the factor.
    """
    user: Any = request.user
    if has_second_factor(user) and not user.is_verified():
        return HttpResponseRedirect(reverse("second-factor-verify"))
    device = authenticator_pending(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if authenticator_confirm(device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            codes = recovery_codes_issue(user=user)
            log.info("User %s set up an authenticator app.", user.pk)
            return page(
                request,
                "accounts/recovery_codes.html",
                _("Your recovery codes"),
                codes=codes,
            )
        form.add_error(
            "code",
            _("That code is not right. Enter the code your app shows now."),
        )
    qr = segno.make(device.config_url, error="m")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return page(
        request,
        "accounts/second_factor_setup.html",
        _("Set up a second factor"),
        form=form,
        qr=qr.svg_data_uri(scale=4, border=2),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=is_administrator(user),
        replacing=has_second_factor(user),
    )


@never_cache
@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """Show the user's second factor; give ten new recovery codes on request.

    New codes need a session verified with the factor; the old codes stop working.
    """
    user: Any = request.user
    if has_second_factor(user) and not user.is_verified():
        return HttpResponseRedirect(reverse("second-factor-verify"))
    if request.method == "POST" and has_second_factor(user):
        codes = recovery_codes_issue(user=user)
        log.info("User %s made new recovery codes.", user.pk)
        return page(
            request,
            "accounts/recovery_codes.html",
            _("Your recovery codes"),
            codes=codes,
        )
    return page(
        request,
        "accounts/second_factor.html",
        _("Second factor"),
        has_factor=has_second_factor(user),
        codes_left=recovery_codes_left(user),
    )

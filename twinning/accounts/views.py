"""Sign-in pages of the back office: the lock-out, and the second factor."""

from __future__ import annotations

import logging
from typing import Any

import segno
from axes.helpers import get_cool_off, get_failure_limit
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.accounts.passkeys import (
    NAME_MAX_LENGTH,
    browser_configuration,
    has_passkey,
    passkey_remove,
    passkey_rename,
    passkeys_of,
)
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


def safe_next(request: HttpRequest, default: str = "admin:index") -> str:
    """Return where to go on after the second factor: `next`, if it is this site's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def has_app(user: Any) -> bool:
    """Tell whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def owes_verification(user: Any) -> bool:
    """Tell whether the user has a factor but has not proved it in this session.

    Such a session may not add, change or remove a factor: a stolen password must
    not be enough to replace the second factor.
    """
    return has_second_factor(user) and not user.is_verified()


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


def recovery_codes_page(request: HttpRequest, codes: list[str], **context: Any) -> Any:
    return page(
        request,
        "accounts/recovery_codes.html",
        _("Your recovery codes"),
        codes=codes,
        **context,
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a passkey, a code from the authenticator app, or a recovery code."""
    user: Any = request.user
    if not has_second_factor(user):
        return HttpResponseRedirect(reverse("second-factor-setup"))
    if user.is_verified():
        return HttpResponseRedirect(safe_next(request))
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
        has_app=has_app(user),
        has_passkey=has_passkey(user),
        passkey_config=browser_configuration(request),
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
    if owes_verification(user):
        return HttpResponseRedirect(reverse("second-factor-verify"))
    device = authenticator_pending(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if authenticator_confirm(device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            log.info("User %s set up an authenticator app.", user.pk)
            if recovery_codes_left(user) == 0:
                return recovery_codes_page(request, recovery_codes_issue(user=user))
            messages.success(request, _("Your authenticator app is set up."))
            return HttpResponseRedirect(safe_next(request))
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
        replacing=has_app(user),
    )


@never_cache
@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """Show the user's second factor; give ten new recovery codes on request.

    New codes need a session verified with the factor; the old codes stop working.
    """
    user: Any = request.user
    if owes_verification(user):
        return HttpResponseRedirect(reverse("second-factor-verify"))
    if request.method == "POST" and has_second_factor(user):
        codes = recovery_codes_issue(user=user)
        log.info("User %s made new recovery codes.", user.pk)
        return recovery_codes_page(request, codes)
    return page(
        request,
        "accounts/second_factor.html",
        _("Second factor"),
        has_factor=has_second_factor(user),
        has_app=has_app(user),
        passkey_count=passkeys_of(user).count(),
        codes_left=recovery_codes_left(user),
    )


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the passkey"),
        help_text=_("For example the device or password manager it is kept in."),
        max_length=NAME_MAX_LENGTH,
        required=False,
        strip=True,
    )


@never_cache
@login_required
def passkey_list(request: HttpRequest) -> HttpResponse:
    """List the user's passkeys, with a button that adds one in the browser.

    An administrator who has no factor yet may add a passkey here instead of an
    app; a user who has a factor must have proved it in this session first.
    """
    user: Any = request.user
    if owes_verification(user):
        return HttpResponseRedirect(
            reverse("second-factor-verify")
            + "?next="
            + reverse("second-factor-passkeys")
        )
    return render(
        request,
        "accounts/passkeys.html",
        {
            **admin.site.each_context(request),
            "title": _("Passkeys"),
            "next": safe_next(request, default="second-factor-passkeys"),
            "passkeys": passkeys_of(user),
            "form": PasskeyNameForm(),
            "required": is_administrator(user) and not has_second_factor(user),
            "passkey_config": browser_configuration(request),
        },
    )


@never_cache
@require_POST
@login_required
def passkey_added(request: HttpRequest) -> HttpResponse:
    """Name the passkey the browser has just added; give recovery codes if none.

    The browser comes here once the plugin has kept the passkey (and verified a
    session that had no factor yet).
    """
    user: Any = request.user
    if owes_verification(user):
        return HttpResponseRedirect(reverse("second-factor-verify"))
    passkey = get_object_or_404(
        passkeys_of(user), pk=request.POST.get("passkey") or None
    )
    form = PasskeyNameForm(request.POST)
    if form.is_valid():
        passkey_rename(passkey=passkey, name=form.cleaned_data["name"], actor=user)
    passkey.refresh_from_db()
    target = safe_next(request, default="second-factor-passkeys")
    if recovery_codes_left(user) == 0:
        codes = recovery_codes_issue(user=user)
        return recovery_codes_page(request, codes, next=target)
    messages.success(
        request,
        _("The passkey “%(name)s” is added.") % {"name": passkey.name},
    )
    return HttpResponseRedirect(target)


@never_cache
@require_POST
@login_required
def passkey_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of the user's passkeys."""
    user: Any = request.user
    if owes_verification(user):
        return HttpResponseRedirect(reverse("second-factor-verify"))
    passkey = get_object_or_404(passkeys_of(user), pk=pk)
    try:
        passkey_remove(passkey=passkey, actor=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The passkey “%(name)s” is removed.") % {"name": passkey.name},
        )
    return HttpResponseRedirect(reverse("second-factor-passkeys"))

"""Users, their API tokens and their passkeys in the back office.

Every member of staff may make and revoke their own API tokens, whatever their
role: a token acts with its owner's role, so it gives nothing the owner lacks, and
its scope may narrow it to reading (a viewer's tokens only read). Tokens expire, a
year after they are made unless told otherwise.
Administrators see and revoke everyone's, and may make a token for another user
(a service account, say). A token's secret is shown once, in the message after
it is made; only its hash is stored. Tokens are revoked, not deleted, so that the
record of who had one stays.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

from twinning.accounts.models import ApiToken, TokenScope, User, token_expiry_default
from twinning.accounts.roles import ROLE_LABELS, ROLES
from twinning.accounts.selectors import users_managed_by
from twinning.accounts.tokens import api_token_create, api_token_revoke, role_may_write
from twinning.core.admin import ScopedChoicesMixin


def role_label(group: Any) -> str:
    """Return a role's name in the user's language (a group's own name otherwise)."""
    return str(ROLE_LABELS.get(group.name, group.name))


@admin.register(User)
class UserAdmin(ScopedChoicesMixin, BaseUserAdmin):
    """Staff and their roles.

    A platform administrator manages everyone. A municipality's administrator
    manages the users who work only on their municipalities, and can give no one a
    municipality they do not have, nor make anyone a platform administrator.
    """

    list_display = ["username", "email", "roles", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_superuser"]
    filter_horizontal = ["user_permissions", "municipalities"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Register"), {"fields": ["municipalities"]}),
    ]
    # A new member of staff is made in one form: who, their role, where they work.
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ["email", "groups", "municipalities"]}),
    ]
    # What only a platform administrator may set.
    platform_fields = ("is_superuser", "user_permissions")

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(role_label(group) for group in obj.groups.all())

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request).prefetch_related("groups")
        return users.filter(pk__in=users_managed_by(request.user).values("pk"))

    def get_list_filter(self, request: HttpRequest) -> Any:
        if request.user.is_superuser:
            return self.list_filter
        return [name for name in self.list_filter if name != "is_superuser"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": [
                        name
                        for name in options["fields"]
                        if name not in self.platform_fields
                    ],
                },
            )
            for title, options in fieldsets
        ]

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "groups":
            # The roles, as boxes to tick, by their names in the user's language.
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            field.label = _("roles")
            field.label_from_instance = role_label
        return field

    def save_model(
        self, request: HttpRequest, obj: User, form: Any, change: bool
    ) -> None:
        obj.is_staff = True
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # A user an administrator adds works on the administrator's municipalities
        # until told otherwise.
        user = form.instance
        if not change and not request.user.is_superuser:
            if not user.municipalities.exists():
                user.municipalities.set(request.user.municipalities.all())


def sees_all_tokens(request: HttpRequest) -> bool:
    return request.user.has_perm("accounts.view_apitoken")


def owns(request: HttpRequest, token: ApiToken | None) -> bool:
    return token is None or token.user_id == request.user.pk or sees_all_tokens(request)


class RevokedFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [
            ("active", _("in use")),
            ("expired", _("expired")),
            ("revoked", _("revoked")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> Any:
        if self.value() == "active":
            return queryset.active()
        if self.value() == "revoked":
            return queryset.exclude(revoked_at=None)
        if self.value() == "expired":
            return queryset.filter(revoked_at=None, expires_at__lte=timezone.now())
        return queryset


class ApiTokenAddForm(forms.ModelForm):
    """Make a token: its name, scope and expiry (and owner, for administrators).

    A token that writes is refused for an owner whose role does not write; the
    error names the scope field.
    """

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scope", "expires_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "expires_at" in self.fields:
            self.fields["expires_at"].initial = token_expiry_default

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        owner = cleaned.get("user") or self.owner
        if cleaned.get("scope") == TokenScope.WRITE and not role_may_write(owner):
            self.add_error(
                "scope",
                _(
                    "Only an editor or an administrator can have a token that "
                    "writes; make a read-only token."
                ),
            )
        expires_at = cleaned.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            self.add_error("expires_at", _("A token must expire in the future."))
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "state",
    ]
    list_filter = [RevokedFilter, "scope"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke_selected"]
    readonly_fields = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]

    # --- who may do what: everyone their own tokens, administrators all --------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and owns(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Changing is revoking, an action of the list; a token's own page only
        # shows it.
        return obj is None and self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        queryset = super().get_queryset(request)
        if sees_all_tokens(request):
            # An administrator sees the tokens of the users they manage.
            return queryset.filter(user__in=users_managed_by(request.user).values("pk"))
        return queryset.filter(user=request.user)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and field is not None:
            field.queryset = users_managed_by(request.user)
        return field

    # --- making a token --------------------------------------------------------------

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            owner = ["user"] if sees_all_tokens(request) else []
            return ["name", *owner, "scope", "expires_at"]
        return self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.owner = request.user
        return form

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"user": request.user.pk}

    def save_model(
        self, request: HttpRequest, obj: ApiToken, form: Any, change: bool
    ) -> None:
        if change:  # nothing on a token's page can be changed
            return
        owner = obj.user if sees_all_tokens(request) and obj.user_id else request.user
        issued = api_token_create(
            user=owner,
            name=obj.name,
            actor=request.user,
            scope=obj.scope,
            expires_at=obj.expires_at,
        )
        # The admin goes on to log and redirect by this object.
        obj.pk = issued.token.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            format_html(
                "{} <code>{}</code><br>{}",
                _("The token’s secret:"),
                issued.secret,
                _(
                    "Copy it now: it is shown only this once. Send it as "
                    "“Authorization: Bearer <secret>”."
                ),
            ),
        )

    # --- revoking --------------------------------------------------------------------

    @admin.display(description=_("state"))
    def state(self, obj: ApiToken) -> str:
        if obj.is_revoked:
            return str(_("revoked"))
        return str(_("expired")) if obj.is_expired else str(_("in use"))

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_selected(
        self, request: HttpRequest, queryset: QuerySet[ApiToken]
    ) -> None:
        # The change list's queryset is already limited to the tokens one may see.
        tokens = [token for token in queryset if not token.is_revoked]
        for token in tokens:
            api_token_revoke(token=token, actor=request.user)
            self.log_change(request, token, [{"changed": {"fields": ["revoked_at"]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d token was revoked.",
                "%(count)d tokens were revoked.",
                len(tokens),
            )
            % {"count": len(tokens)},
            messages.SUCCESS,
        )


# Passkeys, with django-otp-webauthn's own page; like the other second factors they
# are the platform's (`roles.PLATFORM_ONLY_APPS`): removing a lost device's passkey
# lets its owner sign in with another factor or a recovery code.
admin.site.register(WebAuthnCredential, WebAuthnCredentialAdmin)

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """The GDPR Article 6(1) basis for keeping a contact person's data."""

    PUBLIC_TASK = "6-1-e", _("Art. 6(1)(e): task in the public interest")
    CONSENT = "6-1-a", _("Art. 6(1)(a): consent")
    CONTRACT = "6-1-b", _("Art. 6(1)(b): contract")
    LEGAL_OBLIGATION = "6-1-c", _("Art. 6(1)(c): legal obligation")

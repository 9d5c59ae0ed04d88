"""Which fields are kept in Danish and English; history is registered after them."""

from twinning.core.translation import register_translated
from twinning.projects.models import (
    Participation,
    PhaseDateClaim,
    Post,
    Programme,
    Project,
    ProjectPhase,
    Sector,
)

register_translated(Sector, fields=("name",), history=False)
register_translated(Programme, fields=("name", "description"), history_m2m=("sources",))
register_translated(
    Project, fields=("title", "summary", "description"), history_m2m=("sources",)
)
register_translated(ProjectPhase, fields=("title", "focus"))
register_translated(PhaseDateClaim, fields=("note",))
register_translated(Participation, fields=("note",))
register_translated(Post, fields=("title", "description"))

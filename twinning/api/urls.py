"""The REST API's addresses, under /api/v1/.

/api/v1/ itself leads to the interactive docs. Any other address under /api/v1/
that names no operation is answered with a problem document too, so that a client
never has to read an HTML error page.
"""

from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView

from twinning.api.api import api, not_found

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:openapi-view")),
    path("", api.urls),
    re_path(r"^(?P<unmatched>.*)$", csrf_exempt(not_found)),
]

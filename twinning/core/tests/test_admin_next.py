"""A back-office form opened from the staff workspace goes back there once saved."""

import pytest

from twinning.results.models import Result

pytestmark = pytest.mark.django_db

ADD = "/admin/results/result/add/"


def result_form(aarhus):
    return {
        "municipality": aarhus.pk,
        "slug": "a-new-result",
        "kind": "network",
        "title_da": "Et nyt resultat",
        "title_en": "A new result",
        "expected_version": "0",
        "_save": "Gem",
    }


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/da/staff/partners/bergen/", "/da/staff/partners/bergen/"),
        ("https://elsewhere.example/", "/admin/results/result/"),
        ("//elsewhere.example/", "/admin/results/result/"),
    ],
)
def test_saving_goes_back_to_the_workspace_but_never_to_another_site(
    editor_client, aarhus, next_url, lands_on
):
    response = editor_client.post(f"{ADD}?next={next_url}", result_form(aarhus))

    assert response.status_code == 302, response.context["errors"]
    assert response["Location"] == lands_on
    assert Result.objects.filter(slug="a-new-result").exists()

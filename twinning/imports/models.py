"""The world's twin-town network, as public datasets record it.

This is reference data beside the register, not part of it: pairs of places that a
dataset (Wikipedia's lists, Wikidata) says are twinned, with the places matched to
GeoNames where they could be. It is loaded in bulk (`import_twin_towns`), tens of
thousands of rows at a time, and never edited by hand, so it keeps no change history
and no version (which `bulk_create` could not record anyway); a later run of the same
dataset adds the pairs it did not have.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TwinTownLink(models.Model):
    """Two places that a dataset says are twin towns (sister cities, partner towns).

    A pair is undirected: its two ends are stored in a fixed order (by country, then
    name), so that "A–B" and "B–A" in a dataset are one link. Each end keeps the
    name and country as the dataset gives them, the name folded for matching
    (`core.text.fold`), the GeoNames id it was matched to, the Wikidata id where the
    dataset has one, and the register's place when one matched.
    """

    source = models.CharField(_("dataset"), max_length=100)
    pair_key = models.CharField(
        _("pair key"),
        max_length=64,
        editable=False,
        help_text=_("Identifies the pair within its dataset, in either order."),
    )
    place_name = models.CharField(_("place"), max_length=200)
    place_country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2")
    )
    place_key = models.CharField(_("folded name"), max_length=200, editable=False)
    place_geonames_id = models.PositiveIntegerField(
        _("GeoNames id"), null=True, blank=True
    )
    place_wikidata_id = models.CharField(_("Wikidata id"), max_length=20, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_name = models.CharField(_("twin town"), max_length=200)
    partner_country = models.CharField(
        _("country of the twin town"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2"),
    )
    partner_key = models.CharField(_("folded name"), max_length=200, editable=False)
    partner_geonames_id = models.PositiveIntegerField(
        _("GeoNames id of the twin town"), null=True, blank=True
    )
    partner_wikidata_id = models.CharField(
        _("Wikidata id of the twin town"), max_length=20, blank=True
    )
    partner_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("twin town in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["source", "place_country", "place_key", "partner_key"]
        verbose_name = _("twin-town link")
        verbose_name_plural = _("twin-town network")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "pair_key"], name="twintownlink_unique_pair"
            )
        ]
        # twin_towns_of() finds a place's links by either end: by GeoNames id, by
        # Wikidata id, or by country and folded name.
        indexes = [
            models.Index(fields=["place_geonames_id"]),
            models.Index(fields=["partner_geonames_id"]),
            models.Index(fields=["place_country", "place_key"]),
            models.Index(fields=["partner_country", "partner_key"]),
            models.Index(fields=["place_wikidata_id"]),
            models.Index(fields=["partner_wikidata_id"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.place_name} ({self.place_country}) – "
            f"{self.partner_name} ({self.partner_country})"
        )

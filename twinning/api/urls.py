"""Filled in by the work on open data."""

urlpatterns: list = []

"""Twinning: a municipality's international relations, kept, run and published."""

"""Scoring: language, sentiment (whole text and brand-targeted), advocacy classes and spikes."""

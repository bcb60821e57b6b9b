"""Renderers: each takes a Report (or inspect description) and returns text; none computes."""

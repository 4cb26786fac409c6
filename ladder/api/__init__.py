"""Ladder's read-only REST API, /api/v1/: one router (urls.py), the conventions every endpoint
shares (problem details, conditional GET, paging, CSV, access) and the views that are about the
ladder as a whole (root, positions, sources, search, title resolution, export)."""

API_VERSION = "v1"

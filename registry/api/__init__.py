"""The API's plumbing, shared by every app's API (consultations/api, registry/api): personal
token authentication, the token's scope, cursor pagination, rate limits per token, and errors as
RFC 9457 problem details. Wired in ``REST_FRAMEWORK`` (hlderp/settings.py)."""

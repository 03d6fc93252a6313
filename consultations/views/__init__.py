"""Views of the consultations app, one module a part of the work."""

"""Public routes of published statements: list, search, detail, exports."""

urlpatterns: list = []

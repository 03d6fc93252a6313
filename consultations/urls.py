"""Public routes of the consultation: programme, meetings, feeds (owned by the programme work)."""

urlpatterns: list = []

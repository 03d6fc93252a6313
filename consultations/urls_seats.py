"""Routes of round-table seats: the delegate's preferences, the Secretariat's allocation.

Spliced into the "delegate" and "secretariat" URL namespaces by urls_delegate.py and
urls_secretariat.py.
"""

from django.urls import path

from consultations.views import seats

delegate_patterns: list = [
    path("seats/<int:delegation_id>/", seats.DelegationSeatsView.as_view(), name="seats"),
]
secretariat_patterns: list = [
    path("seats/", seats.SeatsDashboardView.as_view(), name="seats"),
    path("seats/run/", seats.AllocationRunView.as_view(), name="seats-run"),
    path("seats/publish/", seats.AllocationPublishView.as_view(), name="seats-publish"),
    path("seats/deadline/", seats.PreferencesDeadlineView.as_view(), name="seats-deadline"),
    path(
        "seats/preferences/<int:delegation_id>/",
        seats.DelegationPreferencesView.as_view(),
        name="seat-preferences",
    ),
    path("seats/<int:seat_id>/", seats.SeatEditView.as_view(), name="seat"),
    path("seats/<int:seat_id>/move/", seats.SeatMoveView.as_view(), name="seat-move"),
    path("seats/<int:seat_id>/swap/", seats.SeatSwapView.as_view(), name="seat-swap"),
    path("seats/<int:seat_id>/remove/", seats.SeatRemoveView.as_view(), name="seat-remove"),
    path("seats/tables/<int:meeting_id>/add/", seats.SeatAddView.as_view(), name="seats-add"),
    path(
        "seats/tables/<int:meeting_id>/co-chairs/",
        seats.CoChairsView.as_view(),
        name="seats-co-chairs",
    ),
]

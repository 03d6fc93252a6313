"""Routes of the floor: the hall's projector and the live event stream (public, never kept
in the page cache: hlderp/urls.py includes them apart), and the Secretariat's desk."""

from django.urls import path

from consultations.views import floor, floor_time

ACTIONS = (
    "next", "start", "pause", "stop", "close", "skip", "defer", "out-of-order", "reply", "call",
)  # fmt: skip

public_patterns: list = [
    path("meetings/<slug:slug>/projector/", floor.ProjectorView.as_view(), name="floor-projector"),
    path("meetings/<slug:slug>/floor/events/", floor.floor_events_view, name="floor-events"),
]

# Spliced into the "secretariat" namespace under /secretariat/.
secretariat_patterns: list = [
    path("floor/time/", floor_time.SpeakingTimeView.as_view(), name="floor-time"),
    path("floor/<int:list_id>/", floor.FloorDeskView.as_view(), name="floor"),
    *(
        path(
            f"floor/<int:list_id>/{action}/",
            floor.FloorActionView.as_view(action=action),
            name=f"floor-{action}",
        )
        for action in ACTIONS
    ),
    path(
        "floor/<int:list_id>/replies/<int:pk>/withdraw/",
        floor.FloorReplyWithdrawView.as_view(),
        name="floor-reply-withdraw",
    ),
]

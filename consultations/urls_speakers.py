"""Routes of speakers lists: the delegate's inscriptions, the Secretariat's management."""

from django.urls import path

from consultations.views import speakers

# Spliced into the "delegate" namespace under /delegate/.
delegate_patterns: list = [
    path("speakers/", speakers.DelegateSpeakersIndexView.as_view(), name="speakers"),
    path(
        "speakers/<int:list_id>/inscribe/",
        speakers.DelegateInscribeView.as_view(),
        name="speakers-inscribe",
    ),
    path(
        "speakers/inscriptions/<int:pk>/withdraw/",
        speakers.DelegateWithdrawView.as_view(),
        name="speakers-withdraw",
    ),
]

# Spliced into the "secretariat" namespace under /secretariat/.
secretariat_patterns: list = [
    path("speakers/", speakers.SecretariatSpeakersIndexView.as_view(), name="speakers"),
    path(
        "speakers/<int:list_id>/",
        speakers.SecretariatSpeakersListView.as_view(),
        name="speakers-detail",
    ),
    path(
        "speakers/<int:list_id>/inscribe/",
        speakers.SecretariatInscribeView.as_view(),
        name="speakers-inscribe",
    ),
    path(
        "speakers/<int:list_id>/move/", speakers.SecretariatMoveView.as_view(), name="speakers-move"
    ),
    path(
        "speakers/<int:list_id>/spoke/",
        speakers.SecretariatSpokeView.as_view(),
        name="speakers-spoke",
    ),
    path(
        "speakers/<int:list_id>/reorder/",
        speakers.SecretariatReorderView.as_view(),
        name="speakers-reorder",
    ),
    path(
        "speakers/inscriptions/<int:pk>/withdraw/",
        speakers.SecretariatWithdrawView.as_view(),
        name="speakers-withdraw",
    ),
    path(
        "speakers/inscriptions/<int:pk>/level/confirm/",
        speakers.SecretariatLevelConfirmView.as_view(),
        name="speakers-level-confirm",
    ),
    path(
        "speakers/inscriptions/<int:pk>/level/refuse/",
        speakers.SecretariatLevelRefuseView.as_view(),
        name="speakers-level-refuse",
    ),
    path(
        "speakers/inscriptions/<int:pk>/undo-spoke/",
        speakers.SecretariatUndoSpokeView.as_view(),
        name="speakers-undo-spoke",
    ),
]

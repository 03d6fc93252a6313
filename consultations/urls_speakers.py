"""Routes of speakers lists: the delegate's inscriptions, the Secretariat's management."""

from django.urls import path

from consultations.views import speakers, speakers_lists

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
    *(
        path(
            f"speakers/<int:list_id>/{action}/",
            speakers_lists.SpeakersListStateView.as_view(action=action),
            name=f"speakers-{action}",
        )
        for action in speakers_lists.SERVICES
    ),
    path(
        "speakers/<int:list_id>/closing/",
        speakers_lists.SpeakersListClosingView.as_view(),
        name="speakers-closing",
    ),
    path(
        "speakers/inscriptions/<int:pk>/speaker/",
        speakers_lists.SpeakerLinkView.as_view(),
        name="speakers-speaker-link",
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

"""Routes of statement intake: the delegate's statements, the Secretariat's review, files."""

from django.urls import path

from consultations.views import files
from consultations.views import statements_delegate as delegate
from consultations.views import statements_review as review

# At the root, beside the public statement pages (no namespace), but not one of them: who may
# have a statement's file depends on who asks, so the project includes these without caching
# (and a document's file, which is streamed, with them).
root_patterns: list = [
    path("statements/<int:pk>/file/", files.StatementFileView.as_view(), name="statement_file"),
    path(
        "documents/versions/<int:pk>/file/",
        files.DocumentVersionFileView.as_view(),
        name="document_version_file",
    ),
]

# Spliced into the "delegate" namespace under /delegate/.
delegate_patterns: list = [
    path("statements/", delegate.DelegateStatementListView.as_view(), name="statements"),
    path("statements/new/", delegate.DelegateStatementCreateView.as_view(), name="statements-new"),
    path(
        "statements/<int:pk>/",
        delegate.DelegateStatementDetailView.as_view(),
        name="statements-detail",
    ),
    path(
        "statements/<int:pk>/edit/",
        delegate.DelegateStatementEditView.as_view(),
        name="statements-edit",
    ),
    path(
        "statements/<int:pk>/submit/",
        delegate.DelegateStatementSubmitView.as_view(),
        name="statements-submit",
    ),
    path(
        "statements/<int:pk>/withdraw/",
        delegate.DelegateStatementWithdrawView.as_view(),
        name="statements-withdraw",
    ),
    path(
        "statements/<int:pk>/revisions/",
        delegate.DelegateStatementRevisionsView.as_view(),
        name="statements-revisions",
    ),
    path(
        "statements/<int:pk>/revisions/<int:history_id>/",
        delegate.DelegateStatementRevisionView.as_view(),
        name="statements-revision",
    ),
]

# Spliced into the "secretariat" namespace under /secretariat/.
secretariat_patterns: list = [
    path("statements/", review.ReviewQueueView.as_view(), name="statements"),
    path(
        "statements/publish/",
        review.BulkPublishView.as_view(),
        name="statements-publish-bulk",
    ),
    path("statements/<int:pk>/", review.ReviewStatementView.as_view(), name="statements-detail"),
    path("statements/<int:pk>/publish/", review.PublishView.as_view(), name="statements-publish"),
    path("statements/<int:pk>/return/", review.ReturnView.as_view(), name="statements-return"),
    path(
        "statements/<int:pk>/withdraw/",
        review.ReviewWithdrawView.as_view(),
        name="statements-withdraw",
    ),
]

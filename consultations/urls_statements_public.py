"""Public routes of published statements: list, search, detail, exports.

Spliced into the root URLs without a namespace (see consultations/urls.py): these addresses are
part of the public contract, and public pages that the project caches.
"""

from django.urls import path

from consultations.views import statements_public as views

# The list and its exports: every process's at the root, one process's under /p/<slug>/.
process_patterns: list = [
    path("statements/", views.StatementListView.as_view(), name="statements"),
    path("statements.csv", views.StatementCSVView.as_view(), name="statements_csv"),
    path("statements.xlsx", views.StatementXLSXView.as_view(), name="statements_xlsx"),
]

# A statement has one address whatever its process: root only.
urlpatterns: list = [
    path("statements/<int:pk>/", views.StatementDetailView.as_view(), name="statement"),
]

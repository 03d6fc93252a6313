"""Public routes of published statements: list, search, detail, exports.

Spliced into consultations/urls.py: the list and its exports with the pages of one process (at the
root, and under /p/<slug>/), a statement's own page at the root only. These addresses are part of
the public contract, and public pages that the project caches.
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

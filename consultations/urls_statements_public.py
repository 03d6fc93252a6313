"""Public routes of published statements: list, search, detail, exports.

Spliced into the root URLs without a namespace (see consultations/urls.py): these addresses are
part of the public contract.
"""

from django.urls import path

from consultations.views import statements_public as views
from hlderp.public_cache import public_page

urlpatterns: list = [
    path("statements/", public_page(views.StatementListView.as_view()), name="statements"),
    path("statements.csv", public_page(views.StatementCSVView.as_view()), name="statements_csv"),
    path("statements.xlsx", public_page(views.StatementXLSXView.as_view()), name="statements_xlsx"),
    path(
        "statements/<int:pk>/", public_page(views.StatementDetailView.as_view()), name="statement"
    ),
]

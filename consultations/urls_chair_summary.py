"""Routes of the Chair's summary: the Secretariat's pages and the public ones of a final one."""

from django.urls import path

from consultations.views import chair_summary as views

# Pages of one process (consultations/urls.py): at the root and under /p/<slug>/.
public_patterns: list = [
    path("chair-summary/", views.PublicChairSummaryView.as_view(), name="chair_summary"),
    path(
        "chair-summary/print/",
        views.PublicChairSummaryPrintView.as_view(),
        name="chair_summary_print",
    ),
    path("chair-summary.pdf", views.PublicChairSummaryPDFView.as_view(), name="chair_summary_pdf"),
]

# Spliced into the "secretariat" namespace under /secretariat/.
secretariat_patterns: list = [
    path("chair-summary/", views.ChairSummariesView.as_view(), name="chair-summary"),
    path("chair-summary/new/", views.ChairSummaryCreateView.as_view(), name="chair-summary-create"),
    path(
        "chair-summary/<int:pk>/",
        views.ChairSummaryDetailView.as_view(),
        name="chair-summary-detail",
    ),
    path(
        "chair-summary/<int:pk>/sections/new/",
        views.SectionAddView.as_view(),
        name="chair-summary-section-add",
    ),
    path(
        "chair-summary/sections/<int:section_id>/",
        views.SectionEditView.as_view(),
        name="chair-summary-section",
    ),
    path(
        "chair-summary/sections/<int:section_id>/delete/",
        views.SectionDeleteView.as_view(),
        name="chair-summary-section-delete",
    ),
    path(
        "chair-summary/<int:pk>/preview/",
        views.ChairSummaryPreviewView.as_view(),
        name="chair-summary-preview",
    ),
    path(
        "chair-summary/<int:pk>/print/",
        views.ChairSummaryPrintView.as_view(),
        name="chair-summary-print",
    ),
    path(
        "chair-summary/<int:pk>/pdf/",
        views.ChairSummaryPDFView.as_view(),
        name="chair-summary-pdf",
    ),
    path(
        "chair-summary/<int:pk>/finalise/",
        views.ChairSummaryFinaliseView.as_view(),
        name="chair-summary-finalise",
    ),
    path(
        "chair-summary/<int:pk>/versions/",
        views.ChairSummaryVersionsView.as_view(),
        name="chair-summary-versions",
    ),
]

"""The consultation's fields kept in the six languages (django-modeltranslation): titles and
descriptions of processes, meetings, themes, issues and documents; venues and rooms."""

from modeltranslation.translator import TranslationOptions, register

from consultations.models import Document, Issue, Meeting, Process, Room, Theme, Venue


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = ("title", "short_title", "description")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(Issue)
class IssueTranslation(TranslationOptions):
    fields = ("title", "short_title", "description")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "city", "country")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)

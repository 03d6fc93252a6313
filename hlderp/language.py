"""The language of a request: ``?lang=`` when it names one of the site's languages, else what
Django's LocaleMiddleware reads (the language cookie, then Accept-Language).

Feeds and exports are fetched by programs and linked from other sites, where neither a cookie
nor the reader's browser says the language: ``?lang=fr`` asks for French. Every response says
which language it is in (the Content-Language header, which LocaleMiddleware sets); the JSON
feed and the XLSX exports say it in the file too.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation

LANGUAGE_QUERY_PARAMETER = "lang"


def request_language(request) -> str:
    """``?lang=`` if it is (a variant of) one of settings.LANGUAGES, else the language
    LocaleMiddleware chooses from the request. Raises nothing."""
    asked = request.GET.get(LANGUAGE_QUERY_PARAMETER, "")
    if asked:
        try:
            return translation.get_supported_language_variant(asked.strip().lower())
        except LookupError:
            pass
    return translation.get_language_from_request(request)


class QueryLanguageLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware that also reads ``?lang=`` (``request_language``)."""

    def process_request(self, request):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()

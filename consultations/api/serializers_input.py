"""What the API's writes take. Objects are named by slug (stakeholders, meetings, persons,
themes); each is looked up where the rule says it may be (the user's own stakeholders), and
the services check the rest, as for the web forms."""

import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from consultations.choices import Language
from registry.choices import ProtocolRank
from registry.validators import validate_year_in_range

LEAP_SECOND = re.compile(r"(T\d\d:\d\d):60")


class MomentField(serializers.DateTimeField):
    """An ISO 8601 / RFC 3339 moment with its offset, as written anywhere: a lower-case ``t``
    or ``z``, a leap second (read as the second before). Its year is checked by the view
    (a moment the record cannot hold is refused with 422, as the services refuse theirs)."""

    def to_internal_value(self, value):
        if isinstance(value, str):
            value = value.strip()
            if len(value) > 10 and value[10] == "t":
                value = f"{value[:10]}T{value[11:]}"
            value = LEAP_SECOND.sub(r"\1:59", value)
            if value.endswith("z"):
                value = value[:-1] + "Z"
        return super().to_internal_value(value)

    def enforce_timezone(self, value):
        # Kept in the offset it was given: converting a moment at the end of year 9999 to UTC
        # overflows (the view checks the year first). A moment without an offset is refused,
        # as the services refuse it: read as UTC, an embargo meant in New York would lift early.
        if timezone.is_naive(value):
            raise serializers.ValidationError(
                _("Give the time with its offset from UTC, e.g. 2006-09-14T10:00:00-04:00.")
            )
        return value


def moment_check(value: datetime.datetime | None) -> None:
    """Raise Unprocessable for a moment outside the years the record holds (1900-2100)."""
    from registry.api.problems import Unprocessable

    try:
        validate_year_in_range(value)
    except DjangoValidationError as error:
        raise Unprocessable({"embargo_until": error.messages}) from None


class StatementInputSerializer(serializers.Serializer):
    """A draft: every field but ``stakeholder`` may be changed later (PATCH) while it is a draft
    or returned for correction."""

    stakeholder = serializers.SlugField(help_text=_("One of the stakeholders you act for."))
    meeting = serializers.SlugField()
    title = serializers.CharField(max_length=300)
    language = serializers.ChoiceField(choices=Language.choices)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=200000)
    speaker = serializers.SlugField(required=False, allow_null=True, default=None)
    speaker_post = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    themes = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list, max_length=100
    )
    embargo_until = MomentField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("ISO 8601 with its offset: the statement shows to the public from then on."),
    )


class StatementChangeSerializer(StatementInputSerializer):
    stakeholder = None

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.default = serializers.empty


class StatementFileSerializer(serializers.Serializer):
    # An empty file is the service's to refuse (422, as any file that is not a PDF or .docx).
    file = serializers.FileField(allow_empty_file=True, help_text=_("PDF or Word (.docx)."))


class ReturnSerializer(serializers.Serializer):
    # Kept as sent: a reason of blanks is the service's to refuse (422), as on the web page.
    reason = serializers.CharField(max_length=2000, trim_whitespace=False)


class InscriptionInputSerializer(serializers.Serializer):
    stakeholder = serializers.SlugField(help_text=_("One of the stakeholders you act for."))
    speaker = serializers.SlugField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("A person of the delegation (registry slug)."),
    )
    speaker_name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=_("A speaker the registry does not hold yet, by name."),
    )
    speaker_post = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    level = serializers.ChoiceField(
        choices=ProtocolRank.choices, required=False, allow_null=True, default=None
    )


class SeatPreferencesSerializer(serializers.Serializer):
    round_tables = serializers.ListField(
        child=serializers.SlugField(),
        max_length=50,
        help_text=_("Round tables by meeting slug, first choice first."),
    )

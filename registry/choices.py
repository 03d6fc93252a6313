from django.db import models
from django.utils.translation import gettext_lazy as _


class StakeholderKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    OBSERVER_STATE = "observer_state", _("Observer State")
    UN_ENTITY = "un_entity", _("UN system entity")
    IGO = "igo", _("Intergovernmental organization")
    REGIONAL_ORG = "regional_org", _("Regional organization")
    NGO = "ngo", _("Civil society / NGO")
    INDEPENDENT_BODY = "independent_body", _("Independent body")
    INDIVIDUAL_OFFICE = "individual_office", _("Individual office")
    # A company, where a person's post there is on the record (the chairs Peter Sutherland held).
    PRIVATE_SECTOR = "private_sector", _("Private sector")

    @classmethod
    def states(cls) -> list[str]:
        return [cls.MEMBER_STATE, cls.OBSERVER_STATE]


class UNEntityType(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat department or office")
    FUND_PROGRAMME = "fund_programme", _("Fund or programme")
    SPECIALIZED_AGENCY = "specialized_agency", _("Specialized agency")
    REGIONAL_COMMISSION = "regional_commission", _("Regional commission")
    RELATED_ORGANIZATION = "related_organization", _("Related organization")
    OTHER = "other", _("Other UN entity")


class GroupingKind(models.TextChoices):
    COORDINATION = "coordination", _("Inter-agency coordination group")
    SUPPORT_GROUP = "support_group", _("Support group")
    POLITICAL = "political", _("Political or negotiating group")


class ProtocolRank(models.IntegerChoices):
    """Level of representation; a lower value speaks earlier in the customary order."""

    HEAD_OF_STATE = 1, _("Head of State")
    VICE_PRESIDENT = 2, _("Vice-President / Crown Prince")
    HEAD_OF_GOVERNMENT = 3, _("Head of Government")
    MINISTER = 4, _("Deputy Prime Minister / Minister")
    VICE_MINISTER = 5, _("Vice-Minister")
    HEAD_OF_DELEGATION = 6, _("Other head of delegation")
    OTHER = 7, _("Other")

    @classmethod
    def from_code(cls, code: str) -> "ProtocolRank":
        """Map the data files' word codes (``head_of_state``...) to a rank."""
        try:
            return cls[code.strip().upper()]
        except KeyError:
            valid = ", ".join(member.name.lower() for member in cls)
            raise ValueError(f"unknown rank {code!r}; expected one of {valid}") from None


class ApiTokenScope(models.TextChoices):
    """What a personal API token may do: read only, or also write what its user may write."""

    READ = "read", _("Read")
    READ_WRITE = "read_write", _("Read and write")


class ApiTokenLifetime(models.IntegerChoices):
    """How many days a new personal API token opens the API for; then it opens nothing."""

    MONTH = 30, _("30 days")
    QUARTER = 90, _("90 days")
    YEAR = 365, _("365 days")

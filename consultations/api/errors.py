"""The consultations services' refusals as the API's problems: 409 when the object's state (or
the clock: a deadline, a closed list) forbids the action now, 422 when the request itself cannot
be carried out; the service's own message is the problem's ``detail``. A permission the service
refuses answers 404, as on the web pages: nobody learns another delegation's ids."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from rest_framework.exceptions import NotFound

from consultations.services import speakers as speakers_services
from consultations.services import statements as statement_services
from consultations.services.seats import SeatError
from registry.api.problems import Conflict, Unavailable, Unprocessable

CONFLICTS = (
    statement_services.DeadlinePassed,
    statement_services.StatementNotEditable,
    statement_services.NotSubmittable,
    statement_services.NotSubmitted,
    statement_services.AlreadyWithdrawn,
    speakers_services.SpeakersListClosed,
    speakers_services.SpeakersListNotOpen,
    speakers_services.SpeakersListSuspended,
    speakers_services.AlreadyInscribed,
    speakers_services.NotOnList,
    speakers_services.AlreadySpoke,
)
REFUSALS = (statement_services.StatementError, speakers_services.SpeakersError, SeatError)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Raise each refusal of a service called in the block as its problem."""
    try:
        yield
    except PermissionDenied:
        raise NotFound from None
    except statement_services.FileNotStored as error:
        raise Unavailable(str(error)) from None
    except CONFLICTS as error:
        raise Conflict(str(error), code=_code(error)) from None
    except REFUSALS as error:
        raise Unprocessable(str(error), code=_code(error)) from None


def _code(error: Exception) -> str:
    """The error's class as a problem code: NotSubmittable -> "not_submittable"."""
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")

"""A mail server that refuses the notice (550) or does not answer: the statement's change is
saved all the same (the notice goes after commit), the failure is logged, and the user is told
that it is saved but the e-mail was not sent; never a 500.

The mail server is a real one on a local port, speaking just enough SMTP to refuse every
recipient; the database commits for real (``transactional_db``), as on_commit needs.
"""

import logging
import socketserver
import threading

import pytest
from django.contrib.messages import get_messages

from consultations.choices import StatementState
from tests.consultations.statements_helpers import draft
from tests.factories import DelegationFactory, FocalPointFactory
from tests.servers import free_port

pytestmark = pytest.mark.django_db(transaction=True)

NOT_SENT = (
    "This is saved, but the notification e-mail could not be sent: the mail server did not "
    "accept it. Let the people concerned know another way."
)


class _RefusingSMTP(socketserver.StreamRequestHandler):
    """Greets, accepts the sender, refuses every recipient with 550."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 mail.example ESMTP")
        for raw in self.rfile:
            command = raw.decode().strip().upper()
            self.server.commands.append(command.split(":")[0].split(" ")[0])
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 mail.example")
            elif command.startswith("RCPT"):
                self.reply("550 5.1.1 mailbox unavailable")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def refusing_mail_server(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _RefusingSMTP)
    server.daemon_threads = True
    server.commands = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()


def _submit(client, delegate, statement):
    client.force_login(delegate)
    return client.post(f"/delegate/statements/{statement.pk}/submit/")


@pytest.fixture
def statement(process, state_a, delegate_a, meeting):
    DelegationFactory(process=process, stakeholder=state_a)
    FocalPointFactory(stakeholder=state_a, user__email="second@example.org")
    return draft(delegate_a, state_a, meeting, title="Remittances")


def _outcome(client, response, statement):
    statement.refresh_from_db()
    return (
        response.status_code,
        response.url,
        [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)],
        statement.state,
        list(statement.history.order_by("history_id").values_list("state", flat=True)),
    )


def test_a_refused_notice_leaves_the_statement_submitted_and_says_so(
    refusing_mail_server, client, delegate_a, statement, caplog
):
    with caplog.at_level(logging.ERROR, logger="consultations.services.mail"):
        response = _submit(client, delegate_a, statement)

    assert _outcome(client, response, statement) == (
        302,
        f"/delegate/statements/{statement.pk}/",
        [
            (
                "success",
                "“Remittances” is submitted. The Secretariat will review it before publishing.",
            ),
            ("warning", NOT_SENT),
        ],
        StatementState.SUBMITTED,
        ["draft", "submitted"],
    )
    assert refusing_mail_server.commands[:3] == ["EHLO", "MAIL", "RCPT"]
    refusal = "(550, b'5.1.1 mailbox unavailable')"
    assert [
        (r.name, r.levelname, r.getMessage())
        for r in caplog.records
        if r.name == "consultations.services.mail"
    ] == [
        (
            "consultations.services.mail",
            "ERROR",
            "Notice 'Statement received: Remittances' to a@example.org, second@example.org "
            f"not sent: SMTPRecipientsRefused({{'a@example.org': {refusal}, "
            f"'second@example.org': {refusal}}})",
        )
    ]


def test_a_mail_server_that_does_not_answer_leaves_the_statement_submitted(
    silent_mail_server, client, delegate_a, statement
):
    response = _submit(client, delegate_a, statement)

    outcome = _outcome(client, response, statement)
    assert outcome[2][1] == ("warning", NOT_SENT)
    assert outcome[3:] == (StatementState.SUBMITTED, ["draft", "submitted"])

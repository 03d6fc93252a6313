"""hlderp/checks.py: ``manage.py check --deploy`` warns when SITE_URL is not set."""

from django.core import checks

# Not imported from hlderp.checks: the app's ready() must register the check by itself.


def test_deploy_check_warns_when_site_url_is_unset(settings):
    settings.SITE_URL = ""

    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert [(m.id, m.msg) for m in found if m.id.startswith("hlderp.")] == [
        (
            "hlderp.W002",
            "SITE_URL is not set: links in e-mails (password resets, statement notices) have "
            "no address to point to.",
        )
    ]


def test_deploy_check_is_silent_when_site_url_is_set(settings):
    settings.SITE_URL = "https://hlderp.example.org"

    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert [m.id for m in found if m.id.startswith("hlderp.")] == []


def test_site_url_check_runs_only_with_deploy(settings):
    settings.SITE_URL = ""

    found = checks.run_checks(include_deployment_checks=False)

    assert [m.id for m in found if m.id.startswith("hlderp.")] == []

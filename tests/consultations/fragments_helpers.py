"""What the fragment tests count: the renders of one template while a page is answered."""

from django.test.signals import template_rendered


def templates_rendered(client, url: str):
    """The response to ``url`` (200) and the name of each template it rendered, in order."""
    rendered = []

    def note(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        response = client.get(url)
    finally:
        template_rendered.disconnect(note)
    assert response.status_code == 200
    return response, rendered


def renders_of(client, url: str, template_name: str):
    """The response to ``url`` (200) and how many times it rendered ``template_name``."""
    response, rendered = templates_rendered(client, url)
    return response, rendered.count(template_name)

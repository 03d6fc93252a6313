"""What the fragment tests count: the renders of one template while a page is answered."""

from django.test.signals import template_rendered


def renders_of(client, url: str, template_name: str):
    """The response to ``url`` (200) and how many times it rendered ``template_name``."""
    rendered = []

    def note(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        response = client.get(url)
    finally:
        template_rendered.disconnect(note)
    assert response.status_code == 200
    return response, rendered.count(template_name)

"""``{% final_chair_summary process as summary %}``: the process's final Chair's summary (the
first by language), or None; for the links to it from the other public pages."""

from django import template

from consultations.selectors.chair_summary import chair_summary_for_process

register = template.Library()


@register.simple_tag
def final_chair_summary(process):
    if process is None:
        return None
    return chair_summary_for_process(process=process, final_only=True)

"""What the tests of the issue and position pages share: the text, rows and links of a page."""

import re

NOTE = "Statements and positions here are illustrative."


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def listed(response) -> list[str]:
    return [row.stakeholder.name for row in response.context["rows"]]


def hrefs(response) -> list[str]:
    return [
        h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', response.content.decode())
    ]


def main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]

"""The stance charts of the public position pages: inline SVG geometry (no script, no style
attribute, so the CSP can forbid both)."""

from dataclasses import dataclass

from consultations.choices import Stance
from consultations.selectors import positions as selectors

STANCE_COLOURS = {
    Stance.SUPPORTS: "#1a7f37",
    Stance.SUPPORTS_WITH_RESERVATIONS: "#8fbf3f",
    Stance.NEUTRAL: "#8c959f",
    Stance.OPPOSES: "#cf222e",
    Stance.NOT_STATED: "#d0d7de",
}
CHART_WIDTH = 640
LABEL_WIDTH = 200  # the text before each bar
BAR_WIDTH = 300  # a bar at 100%
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    url: str
    colour: str
    x: float
    y: float
    width: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6


@dataclass
class StackedRow:
    label: str
    total: int
    url: str
    y: float
    segments: list[Bar]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    bars: list[Bar]
    rows: list[StackedRow]
    legend: list[tuple[str, str]]


def stance_chart(figures: selectors.IssueFigures) -> Chart:
    """One bar per stance, as a share of the base; then one stacked bar per regional group."""
    bars = [
        Bar(
            label=count.label,
            count=count.count,
            percent=count.percent,
            url=count.url,
            colour=STANCE_COLOURS[count.stance],
            x=LABEL_WIDTH,
            y=i * ROW_HEIGHT,
            width=round(BAR_WIDTH * count.share, 1),
        )
        for i, count in enumerate(figures.counts)
    ]
    top = len(bars) * ROW_HEIGHT + ROW_HEIGHT
    rows = []
    for i, group in enumerate(figures.groups):
        y = top + i * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for count in group.counts:
            width = round(BAR_WIDTH * count.share, 1)
            if count.count:
                segments.append(
                    Bar(
                        label=count.label,
                        count=count.count,
                        percent=count.percent,
                        url=count.url,
                        colour=STANCE_COLOURS[count.stance],
                        x=x,
                        y=y,
                        width=width,
                    )
                )
            x += width
        rows.append(
            StackedRow(
                label=group.group.short_name if group.group else group.name,
                total=group.total.count,
                url=group.total.url,
                y=y,
                segments=segments,
            )
        )
    return Chart(
        width=CHART_WIDTH,
        height=top + len(rows) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        bars=bars,
        rows=rows,
        legend=[(str(label), STANCE_COLOURS[value]) for value, label in Stance.choices],
    )

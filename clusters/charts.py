"""Server-rendered SVG bar charts: geometry computed here, drawn by
``clusters/_bar_chart.html``. No script, no library, nothing for the CSP to allow."""

from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_AREA = 360
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def bar_chart(title, rows):
    """A horizontal bar chart of ``rows`` [(label, value)], bars scaled to the largest."""
    top = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(BAR_AREA * value / top)
        y = index * ROW_HEIGHT
        bars.append(
            Bar(
                label=str(label),
                value=value,
                y=y,
                width=width,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT - 4,
            )
        )
    return BarChart(
        title=str(title),
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_AREA + 60,
        height=max(ROW_HEIGHT * len(bars), 1),
    )

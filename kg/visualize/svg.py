"""A heatmap as SVG text, written by hand so the same numbers always give the same bytes."""

from __future__ import annotations

from xml.sax.saxutils import escape

CELL_W, CELL_H, CHAR_W, PAD = 58, 24, 7.4, 12
ROW_CHARS = 52  # longer row names are cut (the cell's hover title keeps the whole name)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _mix(low: str, high: str, share: float) -> str:
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def heatmap(title: str, row_heading: str, rows: list[str], columns: list[str],
            values: dict[tuple[int, int], int], colours: dict[str, str], count: tuple[str, str]) -> str:
    """Rows by columns, each cell shaded by its count (0 left blank), with a hover title per cell; ``count``
    names what is counted, one and many ("statement", "statements")."""
    top = max(values.values(), default=0)
    shown = [r if len(r) <= ROW_CHARS else r[:ROW_CHARS - 1].rstrip() + "…" for r in rows]
    label_w = max([len(r) for r in shown] + [len(row_heading)]) * CHAR_W + PAD
    longest = max([len(c) for c in columns] + [4]) * CHAR_W
    head_h = longest * 0.66 + PAD + 10  # column names are turned 40 degrees
    grid_w = label_w + CELL_W * (len(columns) - 0.5) + longest * 0.78 + 2 * PAD
    width = round(max(grid_w, len(title) * 9.2 + 2 * PAD))
    title_h = 34
    height = round(title_h + head_h + CELL_H * max(len(rows), 1) + 2 * PAD + 30)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, Helvetica, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{PAD}" y="22" font-size="16" font-weight="bold" fill="{colours["text"]}">{escape(title)}</text>',
    ]
    x0, y0 = PAD + label_w, title_h + head_h
    out.append(f'<text x="{PAD}" y="{y0 - 6:.1f}" font-weight="bold" fill="{colours["text"]}">'
               f"{escape(row_heading)}</text>")
    for j, column in enumerate(columns):
        cx = x0 + CELL_W * j + CELL_W / 2
        out.append(f'<text transform="translate({cx:.1f},{y0 - 6:.1f}) rotate(-40)" fill="{colours["text"]}">'
                   f"{escape(column)}</text>")
    for i, row in enumerate(rows):
        y = y0 + CELL_H * i
        out.append(f'<text x="{x0 - 6:.1f}" y="{y + CELL_H * 0.68:.1f}" text-anchor="end" '
                   f'fill="{colours["text"]}">{escape(shown[i])}</text>')
        for j, column in enumerate(columns):
            value = values.get((i, j), 0)
            fill = _mix(colours["low"], colours["high"], value / top) if value and top else colours["empty"]
            x = x0 + CELL_W * j
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" '
                       f'stroke="{colours["grid"]}"><title>{_attr(f"{row} · {column}: {value} {count[value != 1]}")}</title>'
                       "</rect>")
            if value:
                ink = "#ffffff" if top and value / top > 0.55 else colours["text"]
                out.append(f'<text x="{x + CELL_W / 2:.1f}" y="{y + CELL_H * 0.68:.1f}" text-anchor="middle" '
                           f'fill="{ink}">{value}</text>')
    if not rows:
        out.append(f'<text x="{x0:.1f}" y="{y0 + CELL_H * 0.68:.1f}" fill="{colours["text"]}">nothing to show</text>')
    legend_y = y0 + CELL_H * max(len(rows), 1) + 22
    out.append(f'<text x="{PAD}" y="{legend_y:.1f}" font-size="12" fill="{colours["text"]}">'
               f"Cells: number of {escape(count[1])} (darkest = {top}).</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"

"""The widget mechanism: one pure ``render`` serving three places.

A chapter widget is a :class:`Widget`: a pure function ``render(**params)``
that returns a :class:`Rendered` (a matplotlib figure and a small dict of the
numbers it shows), and the controls that feed it. The same ``render`` is used

1. in JupyterLab, by :meth:`Widget.live`: ipywidgets controls whose changes
   re-render the figure;
2. in the static HTML book, by :meth:`Widget.static_html`: every state of the
   main control is rendered in advance and a plain HTML range input switches
   between the pictures, with no kernel and no network;
3. in tests, by :meth:`Widget.grid` and :meth:`Widget.numbers_text`: nbval
   compares the printed numbers of the default state, and unit tests sweep the
   whole parameter grid headless.

:meth:`Widget.show` displays one output that carries both the live view (for
JupyterLab) and the static HTML (which the book's configuration selects).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

__all__ = ["Control", "Rendered", "Widget", "format_number"]


@dataclass(frozen=True)
class Control:
    """One input of a widget: a name, the values it can take and its default.

    Parameters
    ----------
    name : str
        The keyword argument of ``render`` this control feeds.
    values : sequence
        The values offered (a slider steps through them in order; a dropdown
        lists them). Numbers or strings.
    default : object
        The value used when nothing is chosen; must be one of ``values``.
    label : str, optional
        What the learner reads next to the control (defaults to ``name``).
    kind : {"slider", "dropdown"}, default "slider"
        How the control is drawn in JupyterLab.
    """

    name: str
    values: Sequence[Any]
    default: Any
    label: str = ""
    kind: str = "slider"

    def __post_init__(self) -> None:
        if len(self.values) == 0:
            raise ValueError(f"control {self.name!r} needs at least one value")
        if self.default not in list(self.values):
            raise ValueError(
                f"control {self.name!r}: default {self.default!r} is not one of its values {list(self.values)!r}"
            )
        if self.kind not in ("slider", "dropdown"):
            raise ValueError(f"control kind must be 'slider' or 'dropdown', got {self.kind!r}")

    @property
    def text(self) -> str:
        """The label shown to the learner."""
        return self.label or self.name


@dataclass
class Rendered:
    """What ``render`` returns: the figure and the numbers it shows."""

    figure: Any
    numbers: dict[str, Any] = field(default_factory=dict)


def format_number(value: Any) -> str:
    """Format a number for display and for nbval: 4 significant digits, stable across machines."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return str(value)
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return str(number)
    if number == 0:
        return "0"
    return f"{number:.4g}"


class Widget:
    """A chapter widget built from a pure ``render`` function.

    Parameters
    ----------
    render : callable
        ``render(**params) -> Rendered``. Must be pure: the same parameters
        give the same figure and numbers (all randomness seeded).
    controls : sequence of Control
        The inputs, main control first: the main control is the one whose
        states are pre-rendered for the static HTML book.
    title : str
        A one-line title shown above the widget.
    claim : str
        The one claim of the chapter the widget makes visible (its caption).
    """

    def __init__(self, render: Callable[..., Rendered], controls: Sequence[Control], *, title: str, claim: str) -> None:
        if not controls:
            raise ValueError("a widget needs at least one control")
        names = [control.name for control in controls]
        if len(set(names)) != len(names):
            raise ValueError(f"control names must be unique, got {names}")
        self.render_function = render
        self.controls = list(controls)
        self.title = title
        self.claim = claim

    @property
    def main(self) -> Control:
        """The main control (pre-rendered in the static book)."""
        return self.controls[0]

    def defaults(self) -> dict[str, Any]:
        """The default value of every control."""
        return {control.name: control.default for control in self.controls}

    def render(self, **params: Any) -> Rendered:
        """Render with ``params`` over the defaults; unknown names are refused."""
        unknown = set(params) - {control.name for control in self.controls}
        if unknown:
            raise ValueError(
                f"unknown widget parameter(s) {sorted(unknown)}; expected some of "
                f"{[control.name for control in self.controls]}"
            )
        return self.render_function(**{**self.defaults(), **params})

    def grid(self) -> Iterator[dict[str, Any]]:
        """Yield every combination of control values (for sweeping tests)."""
        names = [control.name for control in self.controls]
        for combination in itertools.product(*(control.values for control in self.controls)):
            yield dict(zip(names, combination))

    def numbers_text(self, **params: Any) -> str:
        """The numbers of one state as stable text lines ``name: value``."""
        numbers = self.render(**params).numbers
        return "\n".join(f"{name}: {format_number(value)}" for name, value in numbers.items())

    def print_numbers(self, **params: Any) -> None:
        """Print the default state's numbers (the cell nbval compares)."""
        print(self.numbers_text(**params))

    # --- the static HTML book -------------------------------------------------
    def static_html(self, *, dpi: int = 80) -> str:
        """Pre-render every state of the main control into a self-contained HTML slider.

        The other controls stay at their defaults. The page needs no kernel and
        no network: the pictures are inline PNGs and a few lines of inline
        JavaScript show the one picked by the range input.
        """
        main = self.main
        frames = []
        for index, value in enumerate(main.values):
            rendered = self.render(**{main.name: value})
            image = figure_to_base64_png(rendered.figure, dpi=dpi)
            numbers = " · ".join(f"{name} = {format_number(v)}" for name, v in rendered.numbers.items())
            hidden = "" if value == main.default else ' style="display:none"'
            frames.append(
                f'<div class="mlc-frame" data-index="{index}"{hidden}>'
                f'<img src="data:image/png;base64,{image}" alt="{html.escape(self.title)}: '
                f'{html.escape(main.text)} = {html.escape(str(value))}" style="max-width:100%"/>'
                f'<p class="mlc-numbers" style="font-family:monospace;font-size:0.85em">{html.escape(numbers)}</p></div>'
            )
        return self._static_shell(frames)

    def _static_shell(self, frames: list[str]) -> str:
        main = self.main
        labels = [str(value) for value in main.values]
        default_index = list(main.values).index(main.default)
        identifier = "mlc-" + hashlib.sha1(self.title.encode()).hexdigest()[:10]
        fixed = ", ".join(f"{control.text} = {control.default}" for control in self.controls[1:])
        fixed_note = f" Fixed here: {html.escape(fixed)}." if fixed else ""
        script = (
            "var w=this.closest('.mlc-widget');"
            "w.querySelectorAll('.mlc-frame').forEach(function(f){"
            "f.style.display=(f.dataset.index===this.value)?'':'none';},this);"
            "w.querySelector('.mlc-value').textContent=JSON.parse(w.dataset.labels)[this.value];"
        )
        return (
            f'<div class="mlc-widget" id="{identifier}" data-labels="{html.escape(json.dumps(labels))}" '
            'style="border:1px solid #ccc;border-radius:6px;padding:0.6em;margin:0.5em 0">'
            f'<p style="margin:0 0 0.3em 0"><strong>{html.escape(self.title)}</strong></p>'
            f'<label style="display:block">{html.escape(main.text)}: '
            f'<input class="mlc-slider" type="range" min="0" max="{len(labels) - 1}" step="1" '
            f'value="{default_index}" oninput="{html.escape(script)}" '
            f'aria-label="{html.escape(main.text)}" style="width:50%;vertical-align:middle"/> '
            f'<span class="mlc-value" style="font-family:monospace">{html.escape(labels[default_index])}</span></label>'
            + "".join(frames)
            + f'<p style="font-size:0.85em;margin:0.2em 0 0 0"><em>{html.escape(self.claim)}</em> '
            f"Static page: the slider switches between pre-rendered states.{fixed_note} "
            "Run the chapter in JupyterLab to move every control.</p></div>"
        )

    # --- JupyterLab ---------------------------------------------------------------
    def live(self) -> Any:
        """Build the live ipywidgets UI (controls above, figure and numbers below)."""
        import ipywidgets
        from IPython.display import display

        inputs = {control.name: _make_input(ipywidgets, control) for control in self.controls}
        output = ipywidgets.Output()

        def redraw(_change: Any = None) -> None:
            params = {name: box.value for name, box in inputs.items()}
            rendered = self.render(**params)
            with output:
                output.clear_output(wait=True)
                display(rendered.figure)
                print("  ".join(f"{k} = {format_number(v)}" for k, v in rendered.numbers.items()))

        for box in inputs.values():
            box.observe(redraw, names="value")
        redraw()
        header = ipywidgets.HTML(f"<b>{html.escape(self.title)}</b>")
        return ipywidgets.VBox([header, *inputs.values(), output])

    def show(self) -> None:
        """Display the widget: live in JupyterLab, the static slider in the HTML book."""
        from IPython.display import display

        bundle: dict[str, Any] = {
            "text/plain": f"{self.title} (interactive widget; static slider in the HTML book)",
            "text/html": self.static_html(),
        }
        try:
            live = self.live()
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2,
                "version_minor": 0,
                "model_id": live.model_id,
            }
        except ImportError:  # ipywidgets missing: the static version still works
            pass
        display(bundle, raw=True)


def _make_input(ipywidgets: Any, control: Control) -> Any:
    options = [(str(value), value) for value in control.values]
    if control.kind == "dropdown":
        return ipywidgets.Dropdown(
            options=options, value=control.default, description=control.text, style={"description_width": "initial"}
        )
    return ipywidgets.SelectionSlider(
        options=options,
        value=control.default,
        description=control.text,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=ipywidgets.Layout(width="480px"),
    )


def figure_to_base64_png(figure: Any, *, dpi: int = 80, colors: int = 128) -> str:
    """Encode a matplotlib figure as base64 PNG text, palette-quantized to keep pages small.

    A plot has few distinct colours, so an adaptive palette of ``colors``
    entries looks the same at about a third of the size. The output is
    deterministic (no timestamp metadata).
    """
    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    small = io.BytesIO()
    image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(small, format="png", optimize=True)
    return base64.b64encode(small.getvalue()).decode("ascii")

"""The widget mechanism: one scene, built once and updated per state, serving three places.

A chapter widget is a :class:`Widget` made of two functions and the controls
that feed them: ``build()`` creates the figure and every artist once (a
:class:`Scene`), and ``update(scene, **params)`` sets the artists' data for
one state and returns the numbers it shows. ``render(**params)`` (build, then
update) is the pure function the book and the tests use; the live widget
keeps one scene and only updates it. The same code serves

1. in JupyterLab, by :meth:`Widget.live`: ipywidgets controls whose changes
   update the scene; the figure's layout is solved once, the parts that do
   not change are drawn once per background (see :class:`LiveFrames`) and
   only the changing artists are redrawn, so a change is answered in a few
   tens of milliseconds;
2. in the static HTML book, by :meth:`Widget.static_html`: every state of the
   main control is rendered in advance and a plain HTML range input switches
   between the pictures, with no kernel and no network;
3. in tests, by :meth:`Widget.grid`, :meth:`Widget.numbers_text` and
   :meth:`Widget.digest`: nbval compares the printed numbers and the plot
   digest (:func:`figure_digest`) of the default state, and unit tests sweep
   the whole parameter grid headless and compare every state's digest with
   stored ones.

:meth:`Widget.show` displays one output that carries both the live view (for
JupyterLab) and the static HTML (which the book's configuration selects).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import html
import io
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

__all__ = ["Control", "LiveFrames", "Rendered", "Scene", "Widget", "figure_digest", "format_number"]


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


class Scene:
    """A widget's figure, built once, and the artists its ``update`` sets.

    ``build()`` creates the figure with every artist (placeholder data where
    the data depend on the state) and returns ``Scene(figure, name=artist,
    ...)``; the names become attributes, so ``update`` reads
    ``scene.fit_line.set_data(...)``. Artists passed to :meth:`changing` are
    the ones whose drawing differs from one state to the next (the data
    lines, a title with a number in it): the live widget redraws only them
    over a cached picture of everything else. Everything else may change only
    with the widget's ``background`` controls.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure (from :func:`~mlcourse.chapters._book.new_figure`).
    **parts
        Named artists, axes or anything ``update`` needs to reach.
    """

    def __init__(self, figure: Any, **parts: Any) -> None:
        self.figure = figure
        self.changing_artists: list[Any] = []
        self._groups: dict[str, list[Any]] = {}
        self.memo: dict[str, Any] = {}
        for name, part in parts.items():
            setattr(self, name, part)

    def changing(self, *artists: Any) -> Any:
        """Mark ``artists`` as changing from state to state; returns the artist (or the tuple)."""
        for artist in artists:
            artist.set_animated(True)
            if all(artist is not known for known in self.changing_artists):
                self.changing_artists.append(artist)
        return artists[0] if len(artists) == 1 else artists

    def replace(self, group: str, artists: Sequence[Any], *, changing: bool = True) -> list[Any]:
        """Remove the artists last stored under ``group`` from the figure and store ``artists`` there.

        For parts whose number or kind of artists depends on the state (a
        contour plot of another surface, one line per layer): ``update``
        draws them anew and calls ``replace``. ``changing=False`` for parts
        that change only with the background controls.
        """
        for old in self._groups.pop(group, []):
            old.remove()
            self.changing_artists = [known for known in self.changing_artists if known is not old]
        new = list(artists)
        self._groups[group] = new
        if changing:
            self.changing(*new)
        return new


class Widget:
    """A chapter widget: a scene built once, updated for each state of its controls.

    Parameters
    ----------
    build : callable
        ``build() -> Scene``: the figure and its artists, state-independent.
    update : callable
        ``update(scene, **params) -> dict``: set every artist that depends on
        the state and return the numbers the state shows. Must be pure in the
        sense that matters: after ``update(scene, **p)`` the scene draws the
        same picture and returns the same numbers whatever states it showed
        before (all randomness seeded, every state-dependent artist set).
    controls : sequence of Control
        The inputs, main control first: the main control is the one whose
        states are pre-rendered for the static HTML book.
    title : str
        A one-line title shown above the widget.
    claim : str
        The one claim of the chapter the widget makes visible (its caption).
    background : sequence of str, default ()
        The controls whose value changes the parts of the figure that are not
        :meth:`Scene.changing` (axis limits, contours, legends): the live
        widget keeps one cached background per combination of their values.
    precompute : callable, optional
        ``precompute(**params)``: the expensive, cached computation of one
        state (a training), without any drawing. The live widget runs it for
        every state in a background thread once the learner first moves a
        control, nearest states first, so that later moves only draw. It must
        fill the cache ``update`` reads: call the cached function exactly as
        ``update`` does (``functools.lru_cache`` files ``f(1, 2)`` and
        ``f(a=1, b=2)`` under different keys).
    repeatable : callable, optional
        ``repeatable(params) -> bool``: False for states that differ from run
        to run (a timing measured in the learner's kernel). :meth:`grid`,
        which the tests sweep and store digests of, leaves them out; the
        widget's own tests check them.
    """

    def __init__(
        self,
        build: Callable[[], Scene],
        update: Callable[..., dict[str, Any]],
        controls: Sequence[Control],
        *,
        title: str,
        claim: str,
        background: Sequence[str] = (),
        precompute: Callable[..., Any] | None = None,
        repeatable: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        if not controls:
            raise ValueError("a widget needs at least one control")
        names = [control.name for control in controls]
        if len(set(names)) != len(names):
            raise ValueError(f"control names must be unique, got {names}")
        unknown = [name for name in background if name not in names]
        if unknown:
            raise ValueError(f"background names {unknown} are not controls; expected some of {names}")
        self.build = build
        self.update_function = update
        self.controls = list(controls)
        self.title = title
        self.claim = claim
        self.background = tuple(background)
        self.precompute = precompute
        self.repeatable = repeatable

    @property
    def main(self) -> Control:
        """The main control (pre-rendered in the static book)."""
        return self.controls[0]

    def defaults(self) -> dict[str, Any]:
        """The default value of every control."""
        return {control.name: control.default for control in self.controls}

    def state(self, **params: Any) -> dict[str, Any]:
        """``params`` over the defaults; unknown names and values are refused."""
        unknown = set(params) - {control.name for control in self.controls}
        if unknown:
            raise ValueError(
                f"unknown widget parameter(s) {sorted(unknown)}; expected some of "
                f"{[control.name for control in self.controls]}"
            )
        for control in self.controls:
            if control.name in params and params[control.name] not in list(control.values):
                raise ValueError(
                    f"{control.name} must be one of {list(control.values)!r}, got {params[control.name]!r}"
                )
        return {**self.defaults(), **params}

    def background_key(self, params: dict[str, Any]) -> tuple[Any, ...]:
        """The values of the background controls in ``params`` (one cached background per key)."""
        return tuple(params[name] for name in self.background)

    def update(self, scene: Scene, **params: Any) -> dict[str, Any]:
        """Update ``scene`` to the state ``params`` (over the defaults); return its numbers."""
        return self.update_function(scene, **self.state(**params))

    def render(self, **params: Any) -> Rendered:
        """Build a new scene and update it to ``params`` (over the defaults); unknown names are refused."""
        state = self.state(**params)
        scene = self.build()
        numbers = self.update_function(scene, **state)
        return Rendered(scene.figure, numbers)

    def grid(self) -> Iterator[dict[str, Any]]:
        """Yield every combination of control values (for sweeping tests), the repeatable ones only."""
        names = [control.name for control in self.controls]
        for combination in itertools.product(*(control.values for control in self.controls)):
            params = dict(zip(names, combination))
            if self.repeatable is None or self.repeatable(params):
                yield params

    def numbers_text(self, **params: Any) -> str:
        """The numbers of one state as stable text lines ``name: value``."""
        numbers = self.render(**params).numbers
        return "\n".join(f"{name}: {format_number(value)}" for name, value in numbers.items())

    def print_numbers(self, **params: Any) -> None:
        """Print the default state's numbers (the cell nbval compares)."""
        print(self.numbers_text(**params))

    def digest(self, **params: Any) -> str:
        """What the figure of one state draws, as stable text (:func:`figure_digest`)."""
        return figure_digest(self.render(**params).figure)

    def print_digest(self, **params: Any) -> None:
        """Print the default state's plot digest (a hidden cell nbval compares)."""
        print(self.digest(**params))

    # --- the static HTML book -------------------------------------------------
    def static_html(self, *, dpi: int = 80) -> str:
        """Pre-render every state of the main control into a self-contained HTML slider.

        The other controls stay at their defaults. The page needs no kernel and
        no network: the pictures are inline PNGs and a few lines of inline
        JavaScript show the one picked by the range input.
        """
        main = self.main
        scene = self.build()
        frames = []
        for index, value in enumerate(main.values):
            state_numbers = self.update(scene, **{main.name: value})
            image = figure_to_base64_png(scene.figure, dpi=dpi)
            numbers = " · ".join(f"{name} = {format_number(v)}" for name, v in state_numbers.items())
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
        """Build the live ipywidgets UI: controls above, the figure (a PNG image) and its numbers below.

        A change of a control updates the kept scene and sends the new
        picture (:class:`LiveFrames`); nothing else is redrawn.
        """
        import ipywidgets

        frames = LiveFrames(self)
        inputs = {control.name: _make_input(ipywidgets, control) for control in self.controls}
        image = ipywidgets.Image(format="png")
        numbers = ipywidgets.HTML()

        def redraw(change: Any = None) -> None:
            params = {name: box.value for name, box in inputs.items()}
            if change is not None:
                frames.start_warmup(params)
            try:
                picture, values = frames.frame(**params)
            except Exception as error:  # shown beside the controls: a callback's traceback goes nowhere visible
                numbers.value = (
                    f'<pre style="color:crimson">{html.escape(type(error).__name__ + ": " + str(error))}</pre>'
                )
                return
            image.value = picture
            text = "  ".join(f"{k} = {format_number(v)}" for k, v in values.items())
            numbers.value = f'<pre style="margin:0;font-size:0.85em">{html.escape(text)}</pre>'

        for box in inputs.values():
            box.observe(redraw, names="value")
        redraw()
        frames.prepare()
        header = ipywidgets.HTML(f"<b>{html.escape(self.title)}</b>")
        view = ipywidgets.VBox([header, *inputs.values(), image, numbers])
        view.frames = frames  # for tests and benchmarks: the same path a change of a control takes
        view.inputs = inputs
        return view

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


@functools.cache
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a declared dependency; without it numpy's default is used
        return None
    return ThreadpoolController()


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the enclosed numpy code with one BLAS thread (``threadpoolctl``).

    The widgets' networks multiply small matrices: a second BLAS thread saves
    nothing, and on a busy machine (or beside the warm-up thread) its waiting
    makes a training several times slower. The results are the same bits:
    each entry of a product is computed by the same kernel either way.
    """
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


class LiveFrames:
    """The live widget's drawing: one scene kept, only what changes redrawn, PNG bytes out.

    The first frame solves the figure's layout, which is then frozen (text
    layout is most of a full draw). For each background key (the values of
    the widget's ``background`` controls) the figure is drawn once without
    its changing artists and that picture is kept; every later frame with
    the same key restores it and draws only the changing artists. What a
    learner waits for after moving a control is ``update`` plus this.

    Parameters
    ----------
    widget : Widget
        The widget to draw.
    dpi : float, default 100
        Resolution of the pictures (the inline backend's default).
    """

    MAX_BACKGROUNDS = 32

    def __init__(self, widget: Widget, *, dpi: float = 100) -> None:
        self.widget = widget
        self.dpi = dpi
        self.scene = widget.build()
        self.canvas = self._attach(self.scene.figure)
        self.backgrounds: dict[tuple[Any, ...], Any] = {}
        self.warmup: Any = None  # the background thread of start_warmup

    def _attach(self, figure: Any) -> Any:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        figure.set_dpi(self.dpi)
        return FigureCanvasAgg(figure)

    def frame(self, **params: Any) -> tuple[bytes, dict[str, Any]]:
        """Update the scene to ``params`` (over the defaults); return the PNG bytes and the numbers."""
        state = self.widget.state(**params)
        with one_blas_thread():
            numbers = self.widget.update_function(self.scene, **state)
        self.draw(self.widget.background_key(state))
        return self.png(), numbers

    def prepare(self, limit: int = 12) -> int:
        """Draw the background of every combination of the background controls (the others at default).

        Called once by the live widget, so that no change of a control has to
        draw a whole figure. Skipped (returns 0) when there are more than
        ``limit`` combinations; returns the number of backgrounds drawn. The
        scene is left in the default state.
        """
        widget = self.widget
        choices = [next(c for c in widget.controls if c.name == name).values for name in widget.background]
        keys = list(itertools.product(*choices))
        if len(keys) > limit:
            return 0
        drawn = 0
        for key in keys:
            if key not in self.backgrounds:
                state = widget.state(**dict(zip(widget.background, key)))
                with one_blas_thread():
                    widget.update_function(self.scene, **state)
                self.draw(key)
                drawn += 1
        default = widget.state()
        with one_blas_thread():
            widget.update_function(self.scene, **default)
        self.draw(widget.background_key(default))
        return drawn

    def warmup_order(self, start: dict[str, Any]) -> list[dict[str, Any]]:
        """Every state, nearest to ``start`` first (fewest control steps away): the likely next moves."""

        def distance(params: dict[str, Any]) -> int:
            return sum(
                abs(list(control.values).index(params[control.name]) - list(control.values).index(start[control.name]))
                for control in self.widget.controls
            )

        return sorted(self.widget.grid(), key=distance)

    def start_warmup(self, start: dict[str, Any]) -> None:
        """Run the widget's ``precompute`` for every state in a background thread (once; no-op without one)."""
        if self.widget.precompute is None or self.warmup is not None:
            return
        import threading

        states = self.warmup_order(self.widget.state(**start))
        self.warmup = threading.Thread(target=self._warm, args=(states,), name="widget-warmup", daemon=True)
        self.warmup.start()

    def _warm(self, states: list[dict[str, Any]]) -> None:
        for params in states:
            try:
                with one_blas_thread():
                    self.widget.precompute(**params)
            except Exception:  # the same state, drawn live, will show the error
                continue

    def draw(self, key: tuple[Any, ...]) -> None:
        """Draw the current state: the cached background of ``key`` (drawn if new), then the changing artists."""
        figure = self.scene.figure
        region = self.backgrounds.get(key)
        if region is None:
            self.canvas.draw()  # everything but the changing artists (matplotlib skips animated ones)
            figure.set_layout_engine("none")  # layout solved once, by the first draw
            if len(self.backgrounds) >= self.MAX_BACKGROUNDS:
                self.backgrounds.pop(next(iter(self.backgrounds)))
            self.backgrounds[key] = self.canvas.copy_from_bbox(figure.bbox)
        else:
            self.canvas.restore_region(region)
        for artist in sorted(self.scene.changing_artists, key=self._drawing_order):
            if artist.get_visible():
                figure.draw_artist(artist)

    def _drawing_order(self, artist: Any) -> tuple[int, float]:
        """Axes by axes, and by zorder within one (as a full draw): contours below points, titles on top."""
        axes = artist.axes
        position = next((i for i, ax in enumerate(self.scene.figure.axes) if ax is axes), len(self.scene.figure.axes))
        return position, artist.get_zorder()

    def png(self) -> bytes:
        """The canvas as PNG bytes (fast compression: the picture travels once, to the browser next door)."""
        from PIL import Image

        width, height = self.canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


# --- plot digests ------------------------------------------------------------------
def _number(value: float, scale: float = 0.0) -> str:
    """3 significant digits; a value below a millionth of ``scale`` (rounding noise of a cancellation) is 0."""
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if abs(value) <= 1e-6 * scale:
        return "0"
    text = f"{value:.3g}"
    return "0" if text in ("-0", "0") else text


def _summary(values: Any) -> str:
    """Rounded summary of a 1-D array: count, first, last, min, max, mean (3 significant digits)."""
    import numpy as np

    array = np.ma.filled(np.ma.asarray(values, dtype=float), np.nan).ravel()
    if array.size == 0:
        return "0 values"
    finite = array[np.isfinite(array)]
    scale = float(np.abs(finite).max()) if finite.size else 0.0
    parts = [f"{array.size} values", f"first {_number(array[0], scale)}", f"last {_number(array[-1], scale)}"]
    if finite.size:
        low, high, mean = (_number(value, scale) for value in (finite.min(), finite.max(), finite.mean()))
        parts += [f"range [{low}, {high}]", f"mean {mean}"]
    if finite.size < array.size:
        parts.append(f"{array.size - finite.size} not finite")
    return ", ".join(parts)


def _xy_summary(xy: Any) -> str:
    import numpy as np

    points = np.ma.filled(np.ma.asarray(xy, dtype=float), np.nan).reshape(-1, 2)
    return f"x: {_summary(points[:, 0])}; y: {_summary(points[:, 1])}"


def _artist_lines(artist: Any) -> list[str]:
    """One or more digest lines for one artist (its kind, label and rounded data)."""
    import numpy as np
    from matplotlib import collections, image, lines, patches, text

    label = artist.get_label()
    name = f" {label!r}" if label and not label.startswith("_") else ""
    if isinstance(artist, lines.Line2D):
        x, y = artist.get_data(orig=True)
        return [f"line{name}: {_xy_summary(np.column_stack([np.ravel(x), np.ravel(y)]))}"]
    if isinstance(artist, text.Text):
        position = ", ".join(_number(v) for v in np.ravel(artist.get_position()).astype(float))
        return [f"text {artist.get_text()!r} at ({position})"] if artist.get_text() else []
    if isinstance(artist, image.AxesImage):
        array = np.ma.asarray(artist.get_array())
        return [f"image{name} {array.shape}: {_summary(array)}"]
    if isinstance(artist, collections.Collection):
        kind = type(artist).__name__
        found = [f"{kind}{name}"]
        offsets = artist.get_offsets()
        if len(offsets) and not isinstance(artist, (collections.PolyCollection, collections.LineCollection)):
            found.append(f"  offsets: {_xy_summary(offsets)}")
        vertices = [path.vertices for path in artist.get_paths() if len(path.vertices)]
        if vertices and not (isinstance(artist, collections.PathCollection) and len(offsets)):
            found.append(f"  {len(vertices)} paths: {_xy_summary(np.concatenate(vertices))}")
        values = artist.get_array()
        if values is not None:
            found.append(f"  values: {_summary(values)}")
        levels = getattr(artist, "levels", None)
        if levels is not None:
            found.append(f"  levels: {_summary(levels)}")
        return found
    if isinstance(artist, patches.Patch):
        path = artist.get_path().transformed(artist.get_patch_transform())
        return [f"{type(artist).__name__}{name}: {_xy_summary(path.vertices)}"]
    return [f"{type(artist).__name__}{name}"]


def _axes_lines(number: int, ax: Any, keep: Callable[[Any], bool]) -> list[str]:
    import numpy as np
    from matplotlib import patches

    titles = [title.get_text() for title in (ax._left_title, ax.title, ax._right_title) if keep(title)]
    found = [f"axes {number}: title {' | '.join(t for t in titles if t)!r}" if any(titles) else f"axes {number}"]
    x_low, x_high = ax.get_xlim()
    y_low, y_high = ax.get_ylim()
    found.append(f"  x: {ax.get_xlabel()!r}, {ax.get_xscale()}, [{_number(x_low)}, {_number(x_high)}]")
    found.append(f"  y: {ax.get_ylabel()!r}, {ax.get_yscale()}, [{_number(y_low)}, {_number(y_high)}]")
    rectangles = []
    for artist in [*ax.lines, *ax.collections, *ax.images, *ax.texts, *ax.patches, *ax.artists]:
        if not artist.get_visible() or not keep(artist):
            continue
        if type(artist) is patches.Rectangle:  # bars: one summary line for all of them
            rectangles.append((artist.get_x(), artist.get_y(), artist.get_width(), artist.get_height()))
            continue
        found += ["  " + line for line in _artist_lines(artist)]
    if rectangles:
        x, y, width, height = np.array(rectangles, dtype=float).T
        found.append(f"  {len(rectangles)} rectangles: x {_summary(x)}; height {_summary(height)}")
    legend = ax.get_legend()
    if legend is not None and legend.get_visible() and keep(legend):
        found.append(f"  legend: {[entry.get_text() for entry in legend.get_texts()]}")
    return found


def figure_digest(figure: Any, *, part: str = "all") -> str:
    """A short, stable text of what a figure draws, for regression tests of plots.

    Per axes: the title, each axis's label, scale and limits, then each
    visible artist's kind, label and a summary of its data rounded to three
    significant digits (count, first, last, range, mean), the texts drawn in
    it and the legend's entries. Colours, fonts, line widths and tick
    positions are left out, so a change of style does not change the digest
    and a change of what is drawn does.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    part : {"all", "background"}, default "all"
        ``"background"`` leaves out the changing (animated) artists: what a
        live widget caches per background key.

    Examples
    --------
    >>> from mlcourse.chapters._book import new_figure
    >>> figure, ax = new_figure()
    >>> _ = ax.plot([0, 1, 2], [0, 1, 4], label="x squared")
    >>> _ = ax.set_title("A parabola")
    >>> print(figure_digest(figure).splitlines()[3])
      line 'x squared': x: 3 values, first 0, last 2, range [0, 2], mean 1; y: 3 values, first 0, last 4, range [0, 4], mean 1.67
    """
    if part not in ("all", "background"):
        raise ValueError(f"part must be 'all' or 'background', got {part!r}")

    def keep(artist: Any) -> bool:
        return part == "all" or not artist.get_animated()

    found = []
    if getattr(figure, "_suptitle", None) is not None and keep(figure._suptitle):
        found.append(f"suptitle {figure._suptitle.get_text()!r}")
    for number, ax in enumerate(figure.axes, start=1):
        found += _axes_lines(number, ax, keep)
    return "\n".join(found)


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

"""The widget plots under test: what every state's figure draws, and the live path that draws it.

- Every state's plot digest (:func:`figure_digest`: per axes the title,
  labels, limits and a rounded summary of each artist's data) equals the
  stored one (``tests/chapters/widget_digests/``; ``python
  tools/widget_digests.py --write`` after a deliberate change). A curve drawn
  wrong fails; a colour or a font does not count. States whose picture
  differs under numpy's generic kernels (stored as ``null``: trainings whose
  last bits grow) are not compared; at most half of a widget's may be.
- The live path (one scene kept, states visited in any order, only the
  changing artists redrawn over a cached background) shows exactly what a
  freshly built figure shows, and the cached background is the same for
  every state that shares its background key.
"""

from __future__ import annotations

import importlib
import json
import random
from pathlib import Path

import pytest

from mlcourse import chapters
from mlcourse.chapters._book import Control, Scene, Widget, new_figure
from mlcourse.chapters._book.widgets import LiveFrames, figure_digest
from tests.chapters.widget_sweep import digest_hash, digests, state_key

STORE = Path(__file__).parent / "widget_digests"
ALL_WIDGETS = list(chapters.widget_names())
SAMPLED_STATES = 12


@pytest.mark.parametrize("name", ALL_WIDGETS)
def test_every_state_draws_what_is_stored(name):
    path = STORE / f"{name}.json"
    assert path.exists(), f"no stored digests for {name}: run python tools/widget_digests.py --write {name}"
    stored = json.loads(path.read_text())
    current = digests(name)
    assert sorted(stored) == sorted(current), f"{name}: the states changed; store the digests again"
    changed = [key for key, text in current.items() if stored[key] is not None and digest_hash(text) != stored[key]]
    assert sum(value is not None for value in stored.values()) >= len(stored) / 2, f"{name}: most states not compared"
    assert not changed, (
        f"{name}: {len(changed)} of {len(current)} states draw something else than stored, e.g. "
        f"{changed[0]}; it now draws:\n{current[changed[0]]}"
    )


def _sampled_states(widget: Widget) -> list[dict]:
    states = list(widget.grid())
    random.Random(0).shuffle(states)
    main_states = [{widget.main.name: value} for value in widget.main.values]
    return [widget.state(**params) for params in main_states + states[:SAMPLED_STATES]]


@pytest.mark.parametrize("name", ALL_WIDGETS)
def test_the_live_path_shows_what_a_fresh_figure_shows(name):
    widget = chapters.get_widget(name)
    frames = LiveFrames(widget, dpi=40)
    backgrounds: dict[tuple, tuple[str, str]] = {}
    for params in _sampled_states(widget):
        picture, numbers = frames.frame(**params)
        assert picture.startswith(b"\x89PNG"), f"{name}{params}: not a PNG"
        fresh = widget.render(**params)
        assert numbers == fresh.numbers, f"{name}{params}: the live numbers differ from a fresh render's"
        assert figure_digest(frames.scene.figure) == figure_digest(fresh.figure), (
            f"{name}{params}: after other states, the kept scene draws something else than a fresh one "
            "(an artist that depends on the state is not set by update)"
        )
        key = widget.background_key(params)
        background = figure_digest(frames.scene.figure, part="background")
        first = backgrounds.setdefault(key, (state_key(params), background))
        assert background == first[1], (
            f"{name}: states {first[0]} and {state_key(params)} share the background key {key} but their "
            "non-changing parts differ: mark the part as changing, or add its control to background="
        )


def _toy_widget(curve=lambda x, a: a * x**2, color="C0") -> Widget:
    def build() -> Scene:
        figure, ax = new_figure(width=3, height=2)
        (line,) = ax.plot([], [], color=color, label="a x²")
        ax.set_xlim(0, 2)
        ax.set_ylim(0, 10)
        ax.legend()
        scene = Scene(figure, ax=ax, line=line)
        scene.changing(line, ax.title)
        return scene

    def update(scene: Scene, a: float = 1.0) -> dict:
        x = [0.0, 0.5, 1.0, 1.5, 2.0]
        scene.line.set_data(x, [curve(value, a) for value in x])
        scene.ax.set_title(f"a = {a}")
        return {"a": a}

    return Widget(build, update, [Control("a", (1.0, 2.0), 1.0)], title="toy", claim="a scales the curve.")


def test_a_wrong_curve_changes_the_digest_and_a_colour_does_not():
    right = _toy_widget().digest(a=2.0)
    assert _toy_widget(curve=lambda x, a: a * x**2 * 1.01).digest(a=2.0) != right
    assert _toy_widget(curve=lambda x, a: a * x**3).digest(a=2.0) != right
    assert _toy_widget(color="crimson").digest(a=2.0) == right
    assert "line 'a x²': x: 5 values, first 0, last 2, range [0, 2], mean 1; y: 5 values, first 0, last 8" in right


def test_the_live_path_redraws_only_the_changing_artists_over_a_cached_background():
    frames = LiveFrames(_toy_widget(), dpi=40)
    first, _ = frames.frame(a=1.0)
    second, _ = frames.frame(a=2.0)
    assert first != second and len(frames.backgrounds) == 1
    assert frames.frame(a=1.0)[0] == first  # the same state gives the same picture, whatever came before


def test_the_background_digest_leaves_out_the_changing_artists():
    widget = _toy_widget()
    scene = widget.build()
    widget.update(scene, a=2.0)
    background = figure_digest(scene.figure, part="background")
    assert "line 'a x²'" not in background and "a = 2.0" not in background and "legend" in background


def _module_caches(widget: Widget) -> list:
    module = importlib.import_module(widget.build.__module__)
    return [value for value in vars(module).values() if hasattr(value, "cache_info") and hasattr(value, "cache_clear")]


@pytest.mark.parametrize("name", [name for name in ALL_WIDGETS if chapters.get_widget(name).precompute is not None])
def test_precompute_fills_the_caches_update_reads(name):
    """After ``precompute`` of a state, its update computes nothing new (no cache miss in the widget's module)."""
    widget = chapters.get_widget(name)
    caches = _module_caches(widget)
    assert caches, f"{name}: precompute given, but the widget's module caches nothing"
    state = widget.state(**{control.name: control.values[-1] for control in widget.controls})
    scene = widget.build()
    for cache in caches:
        cache.cache_clear()
    widget.precompute(**state)
    misses = sum(cache.cache_info().misses for cache in caches)
    widget.update(scene, **state)
    assert sum(cache.cache_info().misses for cache in caches) == misses, (
        f"{name}: update computed something precompute did not (call the cached functions as update does)"
    )

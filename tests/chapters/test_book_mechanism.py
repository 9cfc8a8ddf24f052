"""The widget mechanism: controls, pure render, grid, numbers text, static HTML."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mlcourse.chapters._book import Control, Scene, Widget, format_number, new_figure


def _build() -> Scene:
    figure, ax = new_figure(width=3, height=2)
    (line,) = ax.plot([], [])
    ax.set_xlim(0, 3)
    ax.set_ylim(-2.1, 2.1)
    scene = Scene(figure, line=line)
    scene.changing(line)
    return scene


def _update(scene: Scene, a: float = 1.0, kind: str = "sin") -> dict:
    x = np.linspace(0, 3, 20)
    scene.line.set_data(x, a * (np.sin(x) if kind == "sin" else np.cos(x)))
    return {"a": a, "peak": float(np.abs(a)), "kind": kind}


def _widget() -> Widget:
    return Widget(
        _build,
        _update,
        [Control("a", (0.5, 1.0, 2.0), 1.0), Control("kind", ("sin", "cos"), "sin", kind="dropdown")],
        title="toy",
        claim="a scales the curve.",
    )


def test_control_refuses_default_outside_values():
    with pytest.raises(ValueError, match=r"default 3 is not one of its values \[1, 2\]"):
        Control("x", (1, 2), 3)


def test_control_refuses_unknown_kind():
    with pytest.raises(ValueError, match="slider' or 'dropdown', got 'knob'"):
        Control("x", (1, 2), 1, kind="knob")


def test_widget_refuses_duplicate_control_names():
    with pytest.raises(ValueError, match="unique"):
        Widget(_build, _update, [Control("a", (1,), 1), Control("a", (2,), 2)], title="t", claim="c")


def test_render_merges_defaults_and_refuses_unknown_parameters():
    widget = _widget()
    assert widget.render(a=2.0).numbers == {"a": 2.0, "peak": 2.0, "kind": "sin"}
    with pytest.raises(ValueError, match=r"unknown widget parameter\(s\) \['b'\]"):
        widget.render(b=1)


def test_grid_is_the_full_product():
    combos = list(_widget().grid())
    assert len(combos) == 6
    assert {"a": 2.0, "kind": "cos"} in combos


def test_numbers_text_is_rounded_and_ordered():
    assert _widget().numbers_text(a=0.5) == "a: 0.5\npeak: 0.5\nkind: sin"


@pytest.mark.parametrize(
    "value, text",
    [(0.123456789, "0.1235"), (12345678.0, "1.235e+07"), (3, "3"), (True, "True"), (0.0, "0"), (float("nan"), "nan")],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_static_html_has_one_frame_per_main_value_and_a_slider():
    html = _widget().static_html(dpi=40)
    frames = re.findall(r'class="mlc-frame" data-index="(\d)"', html)
    assert frames == ["0", "1", "2"]
    assert 'type="range" min="0" max="2" step="1" value="1"' in html
    # only the default frame is visible
    assert len(re.findall(r'data-index="\d" style="display:none"', html)) == 2
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3 and len(set(images)) == 3  # three different pictures
    assert "Fixed here: kind = sin" in html
    assert "http://" not in html and "https://" not in html  # nothing loaded from the network


def test_static_html_is_deterministic():
    assert _widget().static_html(dpi=40) == _widget().static_html(dpi=40)


def test_feedback_repr_and_truth():
    from mlcourse.chapters._book import Feedback

    assert repr(Feedback(True, "ok")) == "Correct. ok" and Feedback(True, "ok")
    assert repr(Feedback(False, "hint")) == "Not yet. hint" and not Feedback(False, "hint")


def test_close_enough_handles_shapes_and_junk():
    from mlcourse.chapters._book import close_enough

    assert close_enough([1.0, 2.0], [1.0, 2.0001])
    assert not close_enough([1.0], [1.0, 2.0])
    assert not close_enough("abc", 1.0)


def test_source_text_cuts_every_docstring_to_its_summary():
    from mlcourse.chapters._book.display import source_text
    from mlcourse.nn import Linear

    text = source_text(Linear)
    assert "Parameters\n" not in text and "Examples\n" not in text  # no numpy sections left
    assert "def backward(" in text and "grad_out @ self.W.data.T" in text  # the code is all there
    full = source_text(Linear, docstrings=True)
    assert "Parameters\n" in full and len(full.splitlines()) > len(text.splitlines())
    compile(text, "<shown>", "exec")  # what the book shows is still valid Python


def test_show_source_titles_with_the_dotted_name():
    from mlcourse.chapters._book import show_source
    from mlcourse.train import train_step

    shown = show_source(train_step).data
    assert shown.startswith("`mlcourse.train.train_step` (argument checks left out):")
    assert "optimizer.step()" in shown and "_check_data" not in shown
    with_checks = show_source(train_step, checks=True).data
    assert with_checks.startswith("`mlcourse.train.train_step`:") and "_check_data(X, y" in with_checks


def test_source_without_checks_leaves_out_only_checks_and_stays_python():
    from mlcourse import optim
    from mlcourse.chapters._book.display import source_text

    full, short = source_text(optim.clip_grad_norm), source_text(optim.clip_grad_norm, checks=False)
    removed = set(full.splitlines()) - set(short.splitlines())
    assert removed == {'    max_norm = check_positive(max_norm, "max_norm")'}
    compile(short, "<shown>", "exec")


def test_the_book_shows_no_private_function():
    import json
    import re

    from tests.conftest import ROOT

    private = []
    for notebook in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for name in re.findall(r"show_source\(\s*([\w.]+)", "".join(cell["source"])):
                parts = name.split(".")
                if any(part.startswith("_") and not part.endswith("__") for part in parts):
                    private.append(f"{notebook.name}: {name}")
    assert not private


def test_source_without_checks_keeps_an_assignment_that_makes_a_new_name():
    from mlcourse.chapters._book.display import source_text

    def split(cv, X, y, size):
        X, y = _check_data(X, y)  # noqa: F821 - only parsed, never run
        size = check_int(size, "size")  # noqa: F821
        splitter = _check_cv(cv)  # noqa: F821
        features = check_int(X.shape[1], "n_features")  # noqa: F821
        return splitter, features, size

    shown = source_text(split, checks=False)
    assert "_check_data" not in shown and "size = check_int" not in shown
    assert "splitter = _check_cv(cv)" in shown and "features = check_int(" in shown


def _mse_gradient(X, y, w):
    return 2 / len(y) * X.T @ (X @ w - y)


def _regression_inputs(rng):
    n, d = rng.integers(2, 6), rng.integers(1, 4)
    return rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)


@pytest.mark.parametrize(
    "candidate, verdict",
    [
        (_mse_gradient, "Correct. Your function agrees with the library's on 20 random inputs."),
        (lambda X, y, w: 2 / len(y) * X.T @ (y - X @ w), "the gradient has the wrong sign everywhere"),
        (lambda X, y, w: X.T @ (X @ w - y) / len(y), "the gradient is 0.5 times the right value everywhere"),
        (lambda X, y, w: (2 / len(y) * X.T @ (X @ w - y))[:, None], "the gradient has shape (2, 1), expected (2,)"),
        (lambda X, y, w: None, "the gradient is None: did you forget a return statement?"),
        (lambda X, y, w: float("w"), "your function raised ValueError: could not convert string to float"),
        (lambda X, y, w: (_mse_gradient(X, y, w), 0.0), "Your function returns 2 value(s); expected 1."),
        (lambda X, y, w: _mse_gradient(X, y, w) + (np.abs(w) > 1.5), "the gradient differs at index"),
    ],
)
def test_check_function_names_what_is_wrong(candidate, verdict):
    from mlcourse.chapters._book import check_function

    def guarded(X, y, w):  # a shape error surfaces as the learner's own exception
        if X.shape[0] != len(y):
            raise AssertionError
        return candidate(X, y, w)

    feedback = check_function(
        guarded, _mse_gradient, _regression_inputs, names=["X", "y", "w"], outputs=["the gradient"]
    )
    assert verdict in repr(feedback)
    assert feedback.correct == verdict.startswith("Correct")


def test_check_function_refuses_a_function_that_changes_its_argument():
    from mlcourse.chapters._book import check_function

    def in_place(X, y, w):
        w -= 0.1 * _mse_gradient(X, y, w)
        return w

    feedback = check_function(
        in_place, lambda X, y, w: w - 0.1 * _mse_gradient(X, y, w), _regression_inputs, names=["X", "y", "w"]
    )
    assert "changed its argument w" in repr(feedback) and not feedback


def test_check_function_shows_the_failing_input_and_a_transposed_matrix():
    from mlcourse.chapters._book import check_function

    def outer(a, b):
        return np.outer(a, b)

    feedback = check_function(
        lambda a, b: np.outer(b, a), outer, lambda rng: (rng.normal(size=3), rng.normal(size=3)), names=["a", "b"]
    )
    assert "is transposed" in repr(feedback) and "On a=[" in repr(feedback)


def test_check_function_compares_every_output_and_lists_of_arrays():
    from mlcourse.chapters._book import check_function

    def split(x):
        return [x[:2] * 2, x[2:] * 3]

    def inputs(rng):
        return (rng.normal(size=5),)

    second_wrong = check_function(lambda x: [x[:2] * 2, x[2:] * 4], split, inputs, names=["x"], outputs=["parts"])
    assert "parts[1] is 1.333 times the right value" in repr(second_wrong)
    too_few = check_function(lambda x: [x[:2] * 2], split, inputs, names=["x"], outputs=["parts"])
    assert "parts should be a list of 2 arrays, got 1" in repr(too_few)

    def pair(x):
        return x.sum(), x.max()

    unnamed = check_function(lambda x: (x.sum(), x.min()), pair, inputs, names=["x"], outputs=["the sum"])
    assert "output 2 differs" in repr(unnamed)

    def shrink_inside(parts):
        parts[1] *= 0.5
        return parts[0].sum()

    changed = check_function(
        shrink_inside,
        lambda parts: parts[0].sum(),
        lambda rng: ([rng.normal(size=2), rng.normal(size=3)],),
        names=["parts"],
    )
    assert "changed its argument parts" in repr(changed)


def test_state_refuses_values_outside_a_control_and_background_must_name_controls():
    with pytest.raises(ValueError, match=r"a must be one of \[0.5, 1.0, 2.0\], got 3.0"):
        _widget().render(a=3.0)
    with pytest.raises(ValueError, match=r"background names \['b'\] are not controls"):
        Widget(_build, _update, [Control("a", (1,), 1)], title="t", claim="c", background=("b",))


def test_the_live_widget_is_an_image_and_numbers_under_its_controls():
    pytest.importorskip("ipywidgets")
    view = _widget().live()
    header, slider, dropdown, image, numbers = view.children
    assert bytes(image.value).startswith(b"\x89PNG") and "a = 1" in numbers.value
    before = bytes(image.value)
    slider.value = 2.0  # what moving the slider does
    assert bytes(image.value) != before and "peak = 2" in numbers.value
    slider.value = 1.0
    assert bytes(image.value) == before


def test_grid_leaves_out_the_states_that_are_not_repeatable():
    widget = Widget(
        _build,
        _update,
        [Control("a", (0.5, 1.0, 2.0), 1.0), Control("kind", ("sin", "cos"), "sin")],
        title="t",
        claim="c",
        repeatable=lambda params: params["kind"] == "sin",
    )
    assert [params["kind"] for params in widget.grid()] == ["sin", "sin", "sin"]
    assert widget.render(kind="cos").numbers["kind"] == "cos"  # still drawn when asked for

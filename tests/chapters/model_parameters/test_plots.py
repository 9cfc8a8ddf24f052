"""Chapter 13's plots: the mosaic of weight images and the whole-figure helpers."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import nn
from mlcourse.chapters.model_parameters import plots


def test_tile_images_places_each_column_as_an_image():
    W = np.arange(2 * 2 * 3, dtype=float).reshape(4, 3)  # three 2x2 images
    mosaic = plots.tile_images(W, (2, 2), ncols=2, gap=1)
    assert mosaic.shape == (5, 5)
    np.testing.assert_array_equal(mosaic[:2, :2], W[:, 0].reshape(2, 2))
    np.testing.assert_array_equal(mosaic[3:, :2], W[:, 2].reshape(2, 2))
    assert np.isnan(mosaic[2]).all() and np.isnan(mosaic[3:, 3:]).all()  # the gap and the unused slot
    with pytest.raises(ValueError, match="columns must have shape"):
        plots.tile_images(W, (3, 3))


def test_parameter_counts_figure_labels_every_layer_with_its_count():
    summary = nn.Sequential(nn.Linear(4, 3, seed=0), nn.ReLU(), nn.Linear(3, 2, seed=1)).summary(4)
    (ax,) = plots.parameter_counts_figure(summary).axes
    assert [text.get_text().strip() for text in ax.texts] == ["8", "0", "15"]  # bottom-up: last layer first
    assert ax.get_title() == "Parameters per layer (total 23)"


def test_initial_weights_figure_draws_the_formula_density():
    rng = np.random.default_rng(0)
    figure = plots.initial_weights_figure({"a": rng.normal(0, 0.5, (20, 10))}, {"a": 0.5})
    (ax,) = figure.axes
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1
    assert dashed[0].get_ydata().max() == pytest.approx(1 / (0.5 * np.sqrt(2 * np.pi)), rel=1e-3)  # peak of N(0, 0.5^2)


def test_weight_images_figure_has_one_panel_per_matrix_and_colour_bars():
    W = np.linspace(-1, 1, 64 * 4).reshape(64, 4)
    figure = plots.weight_images_figure({"before": W, "after": 2 * W})
    titles = [ax.get_title() for ax in figure.axes]
    assert titles[:2] == ["before", "after"] and len(figure.axes) == 4  # two images, two colour bars
    assert figure.axes[1].images[0].get_clim() == (-2.0, 2.0)  # each panel with its own scale

"""`make book` never shows a stale chapter: the cache is cleared when mlcourse/ changes."""

from __future__ import annotations

from tools.book_cache import library_hash, refresh_cache, remove_stale_pages


def _package(tmp_path):
    package = tmp_path / "mlcourse"
    (package / "chapters").mkdir(parents=True)
    (package / "nn.py").write_text("x = 1\n")
    (package / "chapters" / "a.py").write_text("y = 2\n")
    return package


def test_the_hash_follows_every_file_of_the_package(tmp_path):
    package = _package(tmp_path)
    first = library_hash(package)
    assert library_hash(package) == first
    (package / "chapters" / "a.py").write_text("y = 3\n")
    second = library_hash(package)
    assert second != first
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "nn.cpython-311.pyc").write_bytes(b"\0")
    assert library_hash(package) == second  # bytecode is not source


def test_a_changed_library_clears_the_cache_and_an_unchanged_one_keeps_it(tmp_path):
    build = tmp_path / "_build"
    for name in (".jupyter_cache", ".doctrees"):
        (build / name).mkdir(parents=True)
    assert refresh_cache(build, "aaa")  # a cache of unknown provenance is cleared
    assert not (build / ".jupyter_cache").exists()
    (build / ".jupyter_cache").mkdir()
    assert not refresh_cache(build, "aaa")
    assert (build / ".jupyter_cache").exists()
    assert refresh_cache(build, "bbb")
    assert not (build / ".jupyter_cache").exists() and not (build / ".doctrees").exists()


def test_pages_of_renamed_chapters_are_removed(tmp_path):
    pages = tmp_path / "html" / "book"
    pages.mkdir(parents=True)
    for name in ("02_perceptron.html", "04_perceptron.html", "intro.html"):
        (pages / name).write_text("")
    removed = remove_stale_pages(tmp_path, ["book/04_perceptron.ipynb"])
    assert [page.name for page in removed] == ["02_perceptron.html"]
    assert sorted(page.name for page in pages.iterdir()) == ["04_perceptron.html", "intro.html"]

"""Template files the catalog refuses: devices, FIFOs, directories, huge files, outside links.

Each is listed as a problem naming the file; the other templates of the folder load as usual.
A load that waited on a FIFO or read /dev/zero would never end: the loads run in a thread that
the test gives up on (and reports) instead of hanging the suite.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from desktop.core.templates import Catalog, load_template
from desktop.core.templates.limits import MAX_FILE_BYTES
from tests.core.templates.conftest import WriteTemplate


def _load(folder: Path) -> Catalog:
    """Load the catalog in a thread; fail (instead of hanging) if it does not finish."""
    result: list[Catalog] = []
    worker = threading.Thread(
        target=lambda: result.append(Catalog.load(folder, folder / "no-shipped")), daemon=True
    )
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "loading the catalog did not finish"
    return result[0]


def _problem(catalog: Catalog, path: Path) -> str:
    found = [p for p in catalog.problems if p.file == str(path)]
    assert len(found) == 1, [p.describe() for p in catalog.problems]
    return found[0].message


@pytest.fixture
def folder(write_template: WriteTemplate, tmp_path: Path) -> Path:
    """Return a user folder with one good template (good/en.md)."""
    write_template("good")
    return tmp_path / "templates"


def _assert_good_still_loads(catalog: Catalog) -> None:
    assert ("good", "en") in catalog.items


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_symlink_to_dev_zero_is_refused(folder: Path) -> None:
    (folder / "zero").mkdir()
    link = folder / "zero" / "en.md"
    link.symlink_to("/dev/zero")
    catalog = _load(folder)
    assert "outside the templates folder" in _problem(catalog, link)
    _assert_good_still_loads(catalog)
    # Without the folder rule (a file given directly), the device is still refused.
    with pytest.raises(Exception) as caught:
        load_template(link, shipped=False)
    assert "not a regular file" in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_waiting(folder: Path) -> None:
    (folder / "pipe").mkdir()
    fifo = folder / "pipe" / "en.md"
    os.mkfifo(fifo)
    catalog = _load(folder)
    assert "not a regular file" in _problem(catalog, fifo)
    _assert_good_still_loads(catalog)


def test_directory_named_like_a_template_is_refused(folder: Path) -> None:
    directory = folder / "dir" / "en.md"
    directory.mkdir(parents=True)
    catalog = _load(folder)
    message = _problem(catalog, directory)
    assert "not a regular file" in message or "cannot read" in message
    _assert_good_still_loads(catalog)


def test_file_over_the_size_limit_is_refused(folder: Path, write_template: WriteTemplate) -> None:
    big = write_template("big", body="x" * (10 * 1024 * 1024))
    catalog = _load(folder)
    assert "larger than 256 KB" in _problem(catalog, big)
    _assert_good_still_loads(catalog)


def test_file_at_the_size_limit_loads(folder: Path, write_template: WriteTemplate) -> None:
    path = write_template("edge", body="")
    room = MAX_FILE_BYTES - path.stat().st_size
    path.write_bytes(path.read_bytes() + b"y" * room)
    assert path.stat().st_size == MAX_FILE_BYTES
    catalog = _load(folder)
    assert ("edge", "en") in catalog.items


def test_symlink_inside_the_folder_is_followed_and_outside_is_refused(
    folder: Path, write_template: WriteTemplate, tmp_path: Path
) -> None:
    # Inside: pt-BR.md of 'good' links to a file kept in the same folder.
    source = write_template("good", "pt-BR", root=tmp_path / "elsewhere")
    kept = folder / "good" / "pt-BR.source"
    kept.write_bytes(source.read_bytes())
    (folder / "good" / "pt-BR.md").symlink_to(kept)
    # Outside: a family whose file links to a template kept in another folder.
    outside = write_template("linked", root=tmp_path / "elsewhere")
    (folder / "linked").mkdir()
    link = folder / "linked" / "en.md"
    link.symlink_to(outside)
    catalog = _load(folder)
    assert ("good", "pt-BR") in catalog.items
    assert "outside the templates folder" in _problem(catalog, link)


def test_text_that_is_not_utf8_names_the_line(folder: Path) -> None:
    (folder / "latin").mkdir()
    path = folder / "latin" / "en.md"
    path.write_bytes(b"---\nid: latin\ntitle: Ol\xe1\n---\n")
    catalog = _load(folder)
    problem = next(p for p in catalog.problems if p.file == str(path))
    assert "not UTF-8" in problem.message
    assert problem.line == 3


def test_yaml_alias_bomb_is_refused_with_its_line(
    folder: Path, write_template: WriteTemplate
) -> None:
    bomb = "\n".join(
        [
            'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
            *(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
                for i in range(8)
            ),
            "id: bomb",
        ]
    )
    path = write_template("bomb", front=bomb + "\n")
    catalog = _load(folder)
    problem = next(p for p in catalog.problems if p.file == str(path))
    assert "alias" in problem.message
    assert problem.line == 3  # the first '*a' is on the file's third line
    _assert_good_still_loads(catalog)


def test_deeply_nested_front_matter_is_refused(folder: Path, write_template: WriteTemplate) -> None:
    path = write_template("deep", front="title: " + "[" * 50000 + "]" * 50000 + "\n")
    catalog = _load(folder)
    assert any(p.file == str(path) for p in catalog.problems)
    _assert_good_still_loads(catalog)


def test_deeply_nested_jinja_is_a_problem_not_a_crash(
    folder: Path, write_template: WriteTemplate
) -> None:
    path = write_template("nested", body="{{ " + "(" * 20000 + "1" + ")" * 20000 + " }}\n")
    catalog = _load(folder)
    assert "nested too deeply" in _problem(catalog, path)
    _assert_good_still_loads(catalog)

"""The build cache's entries kept in memory by a process that builds again and again (`cache.keep_in_memory`,
which the live preview's warm workers use): only what this process wrote or checked, of the kinds asked for,
within a bound; and a warm worker's rebuild, which takes them from memory, is the site a clean build makes."""

from __future__ import annotations

import secrets

import pytest

from coursegen.site import build_site
from coursegen.site.build import worker_pool
from coursegen.site.cache import Store, cache_folder, keep_in_memory, machine_key

from .conftest import make_site
from .test_incremental_build import contents


@pytest.fixture
def store(tmp_path):
    yield Store(tmp_path / "cache", secrets.token_bytes(32))
    keep_in_memory((), 0)  # as every other process is


def test_a_kept_entry_is_read_from_memory_and_counts_as_used(store):
    keep_in_memory(("render",), 1024)
    store.write("render", "k1", b"<p>page</p>")
    (store.folder / "render" / "k1").unlink()
    again = Store(store.folder, store.key)  # the next build's store
    assert again.read("render", "k1") == b"<p>page</p>"
    assert "k1" in again.used["render"]  # so pruning leaves it


def test_entries_of_other_kinds_or_of_no_memory_are_read_from_the_folder(store):
    keep_in_memory(("render",), 1024)
    store.write("blob", "b1", b"data")
    (store.folder / "blob" / "b1").unlink()
    assert store.read("blob", "b1") is None
    keep_in_memory((), 0)
    store.write("render", "k1", b"<p>page</p>")
    (store.folder / "render" / "k1").unlink()
    assert store.read("render", "k1") is None


def test_an_entry_that_fails_its_check_is_not_kept(store):
    keep_in_memory(("render",), 1024)
    (store.folder / "render").mkdir(parents=True)
    (store.folder / "render" / "k1").write_bytes(b"<p>forged</p>\n" + b"0" * 64)
    assert store.read("render", "k1") is None
    (store.folder / "render" / "k1").unlink()
    Store(store.folder, store.key).write("render", "k2", b"x")
    assert store.read("render", "k1") is None


def test_memory_keeps_the_most_recently_used_entries_within_its_bound(store):
    keep_in_memory(("render",), 10)
    for key in ("a", "b"):
        store.write("render", key, b"1234")
    assert store.read("render", "a") == b"1234"  # now the most recent
    store.write("render", "c", b"1234")  # 12 bytes: the oldest, b, goes
    store.write("render", "big", b"x" * 11)  # more than the bound: never kept, nothing else goes
    for key in ("a", "b", "c", "big"):
        (store.folder / "render" / key).unlink()
    assert [store.read("render", key) for key in ("a", "b", "c", "big")] == [b"1234", None, b"1234", None]
    keep_in_memory(("render",), 4)  # a smaller bound lets the oldest go at once
    assert (store.read("render", "a"), store.read("render", "c")) == (None, b"1234")


def test_a_warm_workers_rebuild_takes_its_entries_from_memory_and_is_a_clean_build(tmp_path):
    if machine_key() is None:
        pytest.skip("no private folder for the cache's key here: builds run without a cache")
    root = make_site(tmp_path, "multilingual")
    site = tmp_path / "site"
    with worker_pool(1) as pool:
        assert build_site(root, site, downloads=False, pool=pool).ok
        # Every rendered page in the folder replaced by a validly signed page of another content: only a
        # worker that takes its entries from memory still publishes the right pages.
        for path in cache_folder(root).glob("*/render/*"):
            Store(path.parents[1], machine_key()).write("render", path.name, b"<p>not this page</p>")
        module = root / "content" / "modules" / "hygiene.md"
        module.write_text(module.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        assert build_site(root, site, downloads=False, pool=pool).ok
    clean = tmp_path / "clean"
    assert build_site(root, clean, downloads=False, cache=False).ok
    assert contents(site) == contents(clean)
    assert "not this page" not in (site / "index.html").read_text(encoding="utf-8")

"""A Sphinx extension loaded only in the benchmark's copies of the site: who spends the time.

It wraps every event listener (and the transforms and directives of the site's own
extension) in a timer and charges the time to the package that registered the handler:
``writing`` (this site's extension), ``ablog``, ``sphinx``, ``furo``... Time spent in a
nested region goes to the inner owner only. Rendering and writing the pages that
``html-collect-pages`` handlers yield is charged to ``generated-pages``. At
``build-finished`` the totals are written as JSON to ``$WRITING_BENCH_PROBE``.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_totals: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_handlers: dict[str, float] = defaultdict(float)  # "owner:qualified name" -> seconds
_stack: list[list[float]] = []  # [start, time spent in nested regions]
_clock = time.perf_counter


def _enter() -> None:
    _stack.append([_clock(), 0.0])


def _leave(owner: str, label: str = "") -> None:
    start, nested = _stack.pop()
    elapsed = _clock() - start
    _totals[owner] += elapsed - nested
    _calls[owner] += 1
    if label:
        _handlers[f"{owner}:{label}"] += elapsed - nested
    if _stack:
        _stack[-1][1] += elapsed


def owner_of(func: Any) -> str:
    func = getattr(func, "__func__", func)
    module = getattr(func, "__module__", None) or "unknown"
    return module.split(".", 1)[0]


def _timed_iterator(iterator, owner: str, label: str):
    while True:
        _enter()
        try:
            item = next(iterator)
        except StopIteration:
            _leave(owner, label)
            return
        except BaseException:
            _leave(owner, label)
            raise
        _leave(owner, label)
        yield item


def timed(func, owner: str | None = None):
    """``func`` with its time (and that of any generator it returns) charged to ``owner``."""
    if getattr(func, "_bench_timed", False):
        return func
    owner = owner or owner_of(func)
    inner = getattr(func, "__func__", func)
    label = f"{getattr(inner, '__module__', '?')}.{getattr(inner, '__qualname__', '?')}"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _enter()
        try:
            result = func(*args, **kwargs)
        finally:
            _leave(owner, label)
        if inspect.isgenerator(result):
            return _timed_iterator(result, owner, label)
        return result

    wrapper._bench_timed = True
    return wrapper


def _wrap_listeners(app: Sphinx) -> None:
    from sphinx.events import EventListener

    for listeners in app.events.listeners.values():
        listeners[:] = [lst if lst.handler is _report
                        else EventListener(lst.id, timed(lst.handler), lst.priority)
                        for lst in listeners]


def _wrap_classes() -> None:
    """The site's transforms and directives, and ABlog's transform."""
    from writing.read import figures, validation
    from writing.render import home

    for cls, method in ((validation.ValidatePost, "apply"), (validation.RestoreDocinfo, "apply"),
                        (home.SectionsDirective, "run"), (figures.FigureDirective, "run")):
        setattr(cls, method, timed(getattr(cls, method), "writing"))
    from ablog.post import CheckFrontMatter

    CheckFrontMatter.apply = timed(CheckFrontMatter.apply, "ablog")


def _wrap_generated_pages(app: Sphinx) -> None:
    builder = app.builder
    original = builder.handle_page
    collecting = [False]

    def handle_page(*args, **kwargs):
        if not collecting[0]:  # only the pages that extensions yield
            return original(*args, **kwargs)
        _enter()
        try:
            return original(*args, **kwargs)
        finally:
            _leave("generated-pages", "handle_page")

    gen = builder.gen_pages_from_extensions

    def gen_pages_from_extensions():
        collecting[0] = True
        _enter()
        try:
            gen()
        finally:
            _leave("sphinx")
            collecting[0] = False

    builder.handle_page = handle_page
    builder.gen_pages_from_extensions = gen_pages_from_extensions


def _builder_inited(app: Sphinx) -> None:
    _wrap_listeners(app)  # again: some listeners are connected while the builder starts
    if app.builder.format == "html":
        _wrap_generated_pages(app)


_gc_started: list[float] = []


def _gc_callback(phase: str, info: dict) -> None:
    """Garbage collection pauses, by generation: not charged to any owner."""
    if phase == "start":
        _gc_started.append(_clock())
    elif _gc_started:
        pause = _clock() - _gc_started.pop()
        _totals["gc"] += pause
        _calls["gc"] += 1
        _handlers[f"gc:generation {info.get('generation')}"] += pause
        for frame in _stack:  # the pause is not the running handler's own time
            frame[0] += pause


def _report(app: Sphinx, exception: BaseException | None) -> None:
    path = os.environ.get("WRITING_BENCH_PROBE")
    if not path:
        return
    import resource

    # The extension's preview-image painter runs as a child process beside the build (the
    # only child a build starts); its CPU time is reported apart from the in-process share.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = {"seconds": dict(_totals), "calls": dict(_calls), "handlers": dict(_handlers),
            "children_cpu": children.ru_utime + children.ru_stime}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)


def setup(app: Sphinx) -> dict:
    import gc

    gc.callbacks.append(_gc_callback)
    if "writing" in app.config.extensions:
        _wrap_classes()
    _wrap_listeners(app)
    app.connect("builder-inited", _builder_inited, priority=1)
    app.connect("build-finished", _report, priority=999)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

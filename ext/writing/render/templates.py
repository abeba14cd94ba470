"""Render the extension's templates (the site's own, when it overrides one), many times a
build: each is looked up once per build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from writing import _compat
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def render(app: Sphinx, name: str, context: dict) -> str:
    """``name`` rendered with ``context``, as the builder's ``templates.render`` would."""
    compiled = runtime(app).once("templates", dict)
    if name not in compiled:
        compiled[name] = _compat.compiled_template(app, name)
    template = compiled[name]
    if template is None:
        return app.builder.templates.render(name, context)
    return template.render(context)

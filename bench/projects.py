"""The two projects the benchmark builds: a copy of this site, and plain Sphinx + MyST + Furo.

Both get the same generated posts. The site copy is ``source/`` (without its own posts,
so ``n`` is exact) and ``ext/``. The baseline has the site's MyST settings and Furo, no
other extension, and its posts marked ``orphan`` so that they stay outside the toctree, as
the site's do. Both ``conf.py`` files end with lines that load the timing probe
(``bench/probe.py``).
"""

from __future__ import annotations

import re
import runpy
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.posts import Post, write_posts

ROOT = Path(__file__).resolve().parents[1]

BASELINE_CONF = '''\
"""Plain Sphinx + MyST + Furo: the benchmark's baseline."""

project = "Writing"
author = "Abdullah"
copyright = "2023–2024, Abdullah"
language = "en"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True
myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "Writing"
html_show_sourcelink = False
html_copy_source = False
'''

BASELINE_INDEX = """\
# Writing

Architecture decisions, distributed systems, ad-tech engineering, and technical leadership.

```{toctree}
:hidden:

about
```
"""

PROBE = '''
# Added by the benchmark (bench/projects.py): time the extensions' handlers.
import sys as _sys

_sys.path.insert(0, {root!r})
extensions.append("bench.probe")
'''


@dataclass(frozen=True)
class Project:
    """A source folder to build, and where its builds go."""

    name: str  # "site" or "baseline"
    srcdir: Path
    workdir: Path

    @property
    def posts(self) -> Path:
        return self.srcdir / "posts"


@dataclass(frozen=True)
class SiteVocabulary:
    sections: list[str]
    tags: list[str]


def site_vocabulary() -> SiteVocabulary:
    """Section names and the tag vocabulary from the site's own ``conf.py``."""
    conf = runpy.run_path(str(ROOT / "source" / "conf.py"))
    return SiteVocabulary([s["name"] for s in conf["writing_sections"]],
                          list(conf["writing_tags"]))


def make_site(dest: Path, posts: list[Post], probe: bool = True) -> Project:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    src = dest / "source"
    shutil.copytree(ROOT / "source", src, ignore=shutil.ignore_patterns(
        "__pycache__", "*.pyc", "posts"))
    shutil.copytree(ROOT / "ext", dest / "ext", ignore=ignore)
    if probe:
        conf = src / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + PROBE.format(root=str(ROOT)),
                        encoding="utf-8")
    write_posts(posts, src / "posts")
    return Project("site", src, dest)


_WRITING_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{writing-[\w-]+\}.*?^\1[ \t]*\n", re.M | re.S)


def make_baseline(dest: Path, posts: list[Post]) -> Project:
    src = dest / "source"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(BASELINE_CONF + PROBE.format(root=str(ROOT)), encoding="utf-8")
    (src / "index.md").write_text(BASELINE_INDEX, encoding="utf-8")
    # The site's About page, less the extension's directives (plain Sphinx has none).
    about = (ROOT / "source" / "about.md").read_text(encoding="utf-8")
    (src / "about.md").write_text(_WRITING_DIRECTIVE.sub("", about), encoding="utf-8")
    write_posts(posts, src / "posts", orphan=True)
    return Project("baseline", src, dest)

"""Start a new post: ``make post TITLE="..." SECTION=<slug>``.

Writes ``source/posts/<slug>.md`` with valid front matter (today's date, the section's
name as its category, a summary to rewrite) marked ``draft: true``, so it shows only in
``make html DRAFTS=1`` until the author removes that line. Never overwrites a post.
"""

from __future__ import annotations

import argparse
import re
import runpy
import sys
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
sys.path.insert(0, str(ROOT / "ext"))  # conf.py files may import the site's extension


def slugify(title: str) -> str:
    """``"Why Leases Beat Locks!"`` -> ``"why-leases-beat-locks"``."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s_]+", "-", text).strip("-")


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_post(title: str, section_name: str, today: str) -> str:
    return (
        "---\n"
        f"date: {today}\n"
        f"category: {section_name}\n"
        "# tags: two to five from writing_tags in source/conf.py, comma-separated\n"
        'summary: "One or two sentences that tell a reader why this post is worth their time."\n'
        "draft: true\n"
        "---\n\n"
        f"# {title}\n\n"
        "Write the opening paragraph here.\n\n"
        "## References\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", required=True)
    parser.add_argument("--section", required=True, help="a section slug from conf.py")
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)

    title = " ".join(args.title.split())
    if not title:
        parser.error('TITLE is empty: make post TITLE="My title" SECTION=<slug>')
    conf = runpy.run_path(str(args.source / "conf.py"))
    from ablog.blog import slugify as section_slug

    sections = {section_slug(s["name"]): s["name"] for s in conf.get("writing_sections", [])}
    if args.section not in sections:
        parser.error(f"unknown section {args.section!r}; use one of: {', '.join(sections)}")
    slug = slugify(title)
    if not slug:
        parser.error(f"cannot make a file name from the title {title!r}")
    target = args.source / "posts" / f"{slug}.md"
    if target.exists():
        parser.error(f"{target.relative_to(args.source.parent)} already exists")
    today = datetime.now(tz=timezone.utc).date().isoformat()
    target.write_text(render_post(title, sections[args.section], today), encoding="utf-8")
    print(f"created {target.relative_to(args.source.parent)} as a draft: write 'summary' and "
          "'tags', preview with `make livehtml DRAFTS=1`, then delete 'draft: true' to publish")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""ABlog's generated pages are rendered again only when what they show changed.

A synthetic copy of the site is built, rebuilt without changes, then rebuilt after one
post is retitled: unchanged archive, tag and section pages keep their files (they are not
rewritten), those that list the post are rendered again, the sitemap still lists every
page, and the incremental output equals a clean build of the same sources.
"""

from __future__ import annotations

import re

from bench.posts import generate
from bench.projects import make_site, site_vocabulary
from tests.buildtools import build, tree_differences


def _generated(html):
    return {p.relative_to(html).as_posix(): p.stat().st_mtime_ns
            for p in sorted(html.glob("blog/**/*.html")) + [html / "blog.html"]}


def _first_build(tmp_path, n: int, seed: int):
    """A synthetic copy of the site with ``n`` posts, built once into ``incremental``."""
    vocabulary = site_vocabulary()
    posts = generate(n, vocabulary.sections, vocabulary.tags, seed=seed)
    src = make_site(tmp_path / "project", posts, probe=False).srcdir
    out = tmp_path / "incremental"
    return posts, src, out, build(src, out, what="first build")


def test_unchanged_generated_pages_are_not_rewritten(tmp_path):
    posts, src, out, html = _first_build(tmp_path, 12, seed=11)
    first = _generated(html)
    sitemap = (html / "sitemap.xml").read_text(encoding="utf-8")
    assert len(first) > 15

    build(src, out, what="no-change rebuild")
    assert _generated(html) == first, "a generated page was rewritten though nothing changed"
    assert (html / "sitemap.xml").read_text(encoding="utf-8") == sitemap
    for page in first:
        assert f"<loc>http://127.0.0.1:8000/{page}</loc>" in sitemap

    post = posts[5]
    path = src / "posts" / f"{post.slug}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(f"# {post.title}",
                                                             "# A New Title", 1),
                    encoding="utf-8")
    build(src, out, what="rebuild after a retitle")
    after = _generated(html)
    rewritten = {page for page in first if after[page] != first[page]}
    listing = {page for page in first
               if f"posts/{post.slug}.html" in (html / page).read_text(encoding="utf-8")}
    # ABlog's catalog pages (lists of tags, years...) are keyed on every post they cover,
    # so they may be rendered again too; no other page may.
    catalogs = {f"blog/{name}.html" for name in ("tag", "category", "archive", "author")}
    assert "blog.html" in listing and listing <= rewritten
    assert rewritten - listing <= catalogs
    assert re.search(r"blog/tag/.+\.html", " ".join(sorted(first.keys() - rewritten)))

    clean = build(src, tmp_path / "clean", what="clean build")
    assert tree_differences(html, clean, names=("incremental", "clean")) == []


def test_a_template_edit_reaches_the_generated_pages(tmp_path):
    _, src, out, html = _first_build(tmp_path, 6, seed=3)
    first = _generated(html)
    template = src / "_templates" / "ablog" / "collection.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{{ card_list(", "<!-- edited -->{{ card_list(", 1), encoding="utf-8")
    build(src, out, what="rebuild after a template edit")
    after = _generated(html)
    edited = [page for page in after if "<!-- edited -->" in (html / page).read_text(
        encoding="utf-8")]
    assert edited and all(after[page] != first[page] for page in edited)
    clean = build(src, tmp_path / "clean", what="clean build")
    assert tree_differences(html, clean, names=("incremental", "clean")) == []


def test_ablog_digest_follows_shown_fields_not_the_excerpt():
    from docutils import nodes

    from writing.ablogstate import info_digest

    def info(**changes):
        base = {"docname": "posts/a", "title": "A", "tags": ["x"], "location": [],
                "excerpt": [nodes.paragraph("", "one")], "doctree": nodes.section()}
        return [base | changes]

    digest = info_digest(info())
    assert info_digest(info(excerpt=[nodes.paragraph("", "two")])) == digest
    assert info_digest(info(doctree=nodes.section(ids=["b"]))) == digest
    for change in ({"title": "B"}, {"tags": ["y"]}, {"location": ["Berlin"]}):
        assert info_digest(info(**change)) != digest, change


def test_compiled_templates_are_kept_per_environment_setup():
    from jinja2 import Environment
    from jinja2.sandbox import SandboxedEnvironment

    from writing.templatecache import environment_signature

    plain = environment_signature(SandboxedEnvironment())
    assert environment_signature(SandboxedEnvironment()) == plain
    assert environment_signature(Environment()) != plain
    assert environment_signature(SandboxedEnvironment(extensions=["jinja2.ext.i18n"])) != plain
    assert environment_signature(SandboxedEnvironment(trim_blocks=True)) != plain

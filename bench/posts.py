"""Synthetic posts for the benchmark: varied, valid MyST essays with the site's front matter.

Every post has a title, a date spread over ten years, a section, two to four tags from the
site's vocabulary, a summary, an introduction and four sections of prose with code blocks,
lists, inline markup and, often, a ``{doc}`` link to an older post. The text is drawn from
a seeded generator, so the same ``n`` and ``seed`` always give the same files, and the posts
build without a single warning under ``-W -n``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(2015, 1, 5)
LAST_DAY = date(2024, 12, 20)

_SUBJECTS = [
    "the bidder", "our pacing service", "the ledger", "a lease", "the consumer group",
    "the write path", "the on-call rotation", "the RFC", "a retry budget", "the cache",
    "the scheduler", "the control plane", "a feature flag", "the migration", "the queue",
    "every replica", "the load balancer", "the exchange", "the platform team", "the index",
]
_VERBS = [
    "absorbs", "amplifies", "hides", "reorders", "duplicates", "throttles", "serialises",
    "drops", "delays", "batches", "fences", "shards", "replays", "rejects", "forgets",
]
_OBJECTS = [
    "late writes", "a burst of bid requests", "stale reads", "the budget", "clock skew",
    "partial failures", "back-pressure", "the second deploy", "a quiet dependency",
    "every timeout", "the tail latency", "a lost acknowledgement", "the hot key",
    "a review comment", "the rollback", "a fencing token", "the slowest shard",
]
_CLAUSES = [
    "which nobody notices until the quarter closes",
    "and the dashboards stay green while it happens",
    "so the fix belongs in the protocol, not the code",
    "because the failure is a property of the design",
    "until someone writes down what 'done' means",
    "which is cheaper than it sounds",
    "and that is the whole argument of this essay",
    "even when every individual component is correct",
    "so we measured it before arguing about it",
    "which turns a rare bug into a weekly page",
]
_OPENERS = [
    "In practice,", "Under load,", "Most of the time,", "On a good day,", "After the incident,",
    "Counter-intuitively,", "In the first design,", "Measured honestly,", "At scale,",
    "For a small team,", "Six months later,", "In the postmortem,",
]
_HEADINGS = [
    "The problem", "What we tried first", "Why it failed", "A better model",
    "Measuring it", "The trade-offs", "Failure modes", "Rolling it out", "What I would change",
    "The numbers", "Operating it", "Lessons", "Where it breaks", "The design", "Background",
    "Consistency at the edges", "The human side", "Costs", "Alternatives", "Open questions",
]
_TITLE_A = [
    "Budget", "Lease", "Quorum", "Retry", "Cache", "Queue", "Clock", "Shard", "Ledger",
    "Backlog", "Deadline", "Schema", "Token", "Replica", "Bidder", "Pacing", "Review",
    "Rollout", "Incident", "Contract",
]
_TITLE_B = [
    "Drift", "Storms", "Fences", "Budgets", "Boundaries", "Semantics", "Debt", "Windows",
    "Invariants", "Handoffs", "Failures", "Limits", "Promises", "Rituals", "Trade-offs",
]
_TITLE_C = [
    "in Practice", "at Scale", "Under Partial Failure", "Without Tears", "for Staff Engineers",
    "Revisited", "the Hard Way", "in Production", "and Their Costs", "in Ad Tech",
    "Across Regions", "After the Postmortem", "for Small Teams", "Explained",
]

_CODE = {
    "python": [
        "def spend(budget: float, price: float) -> float:\n"
        "    \"\"\"Return what is left after one impression.\"\"\"\n"
        "    if price > budget:\n"
        "        raise ValueError(\"over budget\")\n"
        "    return budget - price\n",
        "import time\n\n\n"
        "def retry(call, attempts=3, base=0.05):\n"
        "    for attempt in range(attempts):\n"
        "        try:\n"
        "            return call()\n"
        "        except TimeoutError:\n"
        "            time.sleep(base * 2 ** attempt)\n"
        "    return call()\n",
    ],
    "go": [
        "func (l *Lease) Renew(ctx context.Context) error {\n"
        "\tl.mu.Lock()\n"
        "\tdefer l.mu.Unlock()\n"
        "\tif time.Now().After(l.expires) {\n"
        "\t\treturn ErrExpired\n"
        "\t}\n"
        "\tl.expires = time.Now().Add(l.ttl)\n"
        "\treturn nil\n"
        "}\n",
    ],
    "yaml": [
        "pacing:\n  interval: 5s\n  smoothing: 0.2\n  max_overspend: 0.01\n",
        "consumer:\n  group: billing\n  max_poll_records: 500\n  enable_auto_commit: false\n",
    ],
    "sql": [
        "SELECT campaign_id, SUM(spend) AS spent\nFROM impressions\n"
        "WHERE ts >= NOW() - INTERVAL '1 hour'\nGROUP BY campaign_id;\n",
    ],
    "bash": [
        "$ redis-cli SET lock:budget:42 owner-7 NX PX 30000\nOK\n",
        "$ kubectl rollout status deploy/bidder --timeout=120s\n",
    ],
}


@dataclass(frozen=True)
class Post:
    """One generated post: where it goes, what it is, and its Markdown."""

    slug: str
    title: str
    day: date
    section: str
    tags: tuple[str, ...]
    text: str


def _sentence(rng: random.Random) -> str:
    words = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    if rng.random() < 0.5:
        words += f", {rng.choice(_CLAUSES)}"
    if rng.random() < 0.4:
        words = f"{rng.choice(_OPENERS)} {words}"
    sentence = words[0].upper() + words[1:] + "."
    if rng.random() < 0.15:
        sentence = sentence.replace(" the ", " *the* ", 1)
    if rng.random() < 0.1:
        sentence += f" Call it `{rng.choice(['max_inflight', 'ttl_ms', 'pace()', 'ack=all'])}`."
    return sentence


def paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 7)) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _code_block(rng: random.Random) -> str:
    language = rng.choice(sorted(_CODE))
    return f"```{language}\n{rng.choice(_CODE[language])}```"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _titles(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    titles = []
    while len(titles) < n:
        title = f"{rng.choice(_TITLE_A)} {rng.choice(_TITLE_B)} {rng.choice(_TITLE_C)}"
        if title in seen:
            title = f"{title}, Part {sum(t.startswith(title) for t in titles) + 2}"
        if title in seen:
            continue
        seen.add(title)
        titles.append(title)
    return titles


def generate(n: int, sections: list[str], vocabulary: list[str], seed: int = 7) -> list[Post]:
    """``n`` posts, oldest first, for a site with these section names and tag vocabulary."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span)) for _ in range(n))
    posts: list[Post] = []
    for i, (title, day) in enumerate(zip(_titles(rng, n), days)):
        slug = f"{_slugify(title)}-{i:04d}"
        section = sections[i % len(sections)] if rng.random() < 0.7 else rng.choice(sections)
        tags = tuple(rng.sample(vocabulary, rng.randint(2, min(4, len(vocabulary)))))
        summary = paragraph(rng, (1, 2)).replace("*", "").replace("`", "")
        lines = [
            "---",
            f"date: {day.isoformat()}",
            f"category: {section}",
            f"tags: {', '.join(tags)}",
            f"summary: \"{summary}\"",
            "---",
            "",
            f"# {title}",
            "",
            paragraph(rng),
            "",
        ]
        headings = rng.sample(_HEADINGS, 4)
        for number, heading in enumerate(headings):
            lines += [f"## {heading}", ""]
            for _ in range(rng.randint(2, 4)):
                lines += [paragraph(rng), ""]
            kind = rng.random()
            if kind < 0.55:
                lines += [_code_block(rng), ""]
            elif kind < 0.75:
                lines += [f"- {_sentence(rng)}" for _ in range(rng.randint(3, 5))] + [""]
            elif kind < 0.85:
                lines += [f"> {_sentence(rng)}", ""]
            if number == 2 and posts and rng.random() < 0.6:
                older = posts[rng.randrange(len(posts))]
                lines += [f"This builds on {{doc}}`{older.slug}`, which covers the "
                          f"groundwork; {paragraph(rng, (1, 2))}", ""]
            lines += [paragraph(rng), ""]
        posts.append(Post(slug, title, day, section, tags, "\n".join(lines)))
    return posts


def write_posts(posts: list[Post], folder: Path, *, orphan: bool = False) -> None:
    """Write ``posts`` as ``folder/<slug>.md``; ``orphan`` marks them outside any toctree."""
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        text = post.text
        if orphan:
            text = text.replace("---\n", "---\norphan: true\n", 1)
        (folder / f"{post.slug}.md").write_text(text, encoding="utf-8")


EDIT_MARKER = "## Addendum"


def edit_post(path: Path, revision: int) -> None:
    """Append an addendum of about 300 words: the body and the reading time change."""
    rng = random.Random(revision)
    addendum = "\n\n".join(paragraph(rng, (6, 8)) for _ in range(3))
    heading = f"{EDIT_MARKER} {revision}"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + f"\n\n{heading}\n\n{addendum}\n", encoding="utf-8")

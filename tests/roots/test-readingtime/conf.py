project = "Reading time"
extensions = ["myst_parser", "writing.readingtime"]
source_suffix = {".md": "markdown"}

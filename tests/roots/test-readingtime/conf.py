project = "Reading time"
extensions = ["myst_parser", "writing.readingtime_ext"]
source_suffix = {".md": "markdown"}

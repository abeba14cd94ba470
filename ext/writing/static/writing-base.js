/* Search results: a post's snippet is taken from its article, not from its title, the
   line of metadata under it or the further-reading block at its end. Sphinx builds the
   snippet from the fetched page with Search.htmlToText; those parts are removed first. */
(() => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const original = Search.htmlToText;
  const SKIP = ".writing-post-header, .writing-post-footer, [role='main'] h1";
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(SKIP).forEach((element) => element.remove());
    return original(page.documentElement.outerHTML, anchor);
  };
})();

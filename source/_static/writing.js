/* Keyboard access to scrollable regions (WCAG 2.1.1): a code block or table that is wider
   than the column scrolls sideways, so it gets a tab stop; ones that fit get none. */
(() => {
  const SCROLLERS = "article pre, article .table-wrapper";
  const update = () => {
    for (const el of document.querySelectorAll(SCROLLERS)) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
      } else if (el.getAttribute("tabindex") === "0") {
        el.removeAttribute("tabindex");
      }
    }
  };
  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(update);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", schedule);
})();

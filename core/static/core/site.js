// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  // A wide table scrolls inside its own box, never the whole page sideways; a table laid out
  // to fit the page (data-fits) is left to scroll with it, so its sticky header works.
  document.querySelectorAll("main table.table").forEach(function (table) {
    if (table.closest(".table-wrap") || table.hasAttribute("data-fits")) { return; }
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });
  // Keyboard users can scroll a box that scrolls.
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    }
  });
});

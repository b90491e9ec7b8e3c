// The figures grid: Enter moves down a column (as in the spreadsheet it replaces) instead of
// submitting the form; Shift+Enter moves up. The grid works without this file.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || event.target.tagName !== "INPUT" || event.target.type !== "text") { return; }
  var cell = event.target.closest("td");
  var row = cell && cell.closest("tr");
  if (!row || !row.closest(".entry-table")) { return; }
  event.preventDefault();
  var column = Array.prototype.indexOf.call(row.children, cell);
  var rows = Array.prototype.slice.call(row.closest("table").querySelectorAll("tbody tr"));
  var step = event.shiftKey ? -1 : 1;
  for (var i = rows.indexOf(row) + step; i >= 0 && i < rows.length; i += step) {
    var next = rows[i].children[column];
    var input = next && next.querySelector("input[type=text]");
    if (input) { input.focus(); input.select(); return; }
  }
});

/* The corpus brief's long tables, offline: sort a table.sortable by a header, filter rows with a
   form.filters, and open the evidence filtered to a count from a link "#evidence?issue=...&year=...".
   Rows carry their filter values in data-* attributes; a select marked data-multi matches one of a
   row's space-separated values, any other select the whole value. */
(function () {
  "use strict";

  function sortBy(table, column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, position) {
      var text = row.cells[column].textContent.trim();
      var number = Number(text);
      return { row: row, key: text !== "" && !isNaN(number) ? number : text.toLowerCase(), position: position };
    });
    keyed.sort(function (a, b) {
      if (a.key < b.key) return ascending ? -1 : 1;
      if (a.key > b.key) return ascending ? 1 : -1;
      return a.position - b.position;
    });
    table.querySelectorAll("thead th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (header, column) {
      header.tabIndex = 0;
      header.title = "Sort by this column";
      header.setAttribute("aria-sort", "none");
      header.addEventListener("click", function () { sortBy(table, column, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, column, header); }
      });
    });
  });

  document.querySelectorAll("form.filters").forEach(function (form) {
    var table = document.getElementById(form.dataset.table);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var words = form.querySelector("input[type=search]");
    var status = form.querySelector(".filter-status");

    function apply() {
      var wanted = selects.filter(function (select) { return select.value !== ""; });
      var needle = words ? words.value.trim().toLowerCase() : "";
      var shown = 0;
      rows.forEach(function (row, position) {
        var keep = wanted.every(function (select) {
          var value = row.getAttribute("data-" + select.name) || "";
          return select.hasAttribute("data-multi") ? value.split(" ").indexOf(select.value) >= 0 : value === select.value;
        });
        if (keep && needle) keep = texts[position].indexOf(needle) >= 0;
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " shown";
    }

    function applyLink() {
      var hash = location.hash.slice(1);
      var question = hash.indexOf("?");
      if (!form.dataset.section || question < 0 || hash.slice(0, question) !== form.dataset.section) return;
      var criteria = new URLSearchParams(hash.slice(question + 1));
      selects.forEach(function (select) { select.value = criteria.get(select.name) || ""; });
      if (words) words.value = "";
      apply();
      document.getElementById(form.dataset.section).scrollIntoView();
    }

    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    window.addEventListener("hashchange", applyLink);
    apply();
    applyLink();
  });
})();

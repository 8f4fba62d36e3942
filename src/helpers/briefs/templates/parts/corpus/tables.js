/* The corpus brief's long tables, offline and with no library: sort the session list by a column,
   find sessions by text, and draw the evidence from the JSON beside it, filtered and a page at a time.
   A count elsewhere in the brief links to "#evidence?issue=...&year=..." and opens the evidence
   filtered to exactly its statements. Text is only ever set with textContent: nothing from the
   data becomes markup. */
(function () {
  "use strict";

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  /* Sorting: a click (or Enter) on a header sorts by that column, numbers as numbers; again reverses. */
  function sortBy(table, column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var keyed = Array.prototype.map.call(body.rows, function (row, position) {
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

  function status(form, shown, matching, total) {
    form.querySelector(".filter-status").textContent =
      (shown < matching ? "showing " + shown + " of " : "") + matching + " matching, of " + total;
  }

  /* A table whose rows are in the page: find rows by their text. */
  function filterRows(form) {
    var rows = Array.prototype.slice.call(document.getElementById(form.dataset.table).tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var words = form.querySelector("input[type=search]");
    function apply() {
      var needle = words.value.trim().toLowerCase();
      var matching = 0;
      rows.forEach(function (row, position) {
        row.hidden = needle !== "" && texts[position].indexOf(needle) < 0;
        if (!row.hidden) matching += 1;
      });
      status(form, matching, matching, rows.length);
    }
    form.addEventListener("input", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  /* Text cut at the evidence spans: issue words in <mark class="issue">, group words in <mark class="group">. */
  function markedText(cell, text, issueSpans, groupSpans) {
    var cuts = [0, text.length];
    issueSpans.concat(groupSpans).forEach(function (span) { cuts.push(span[0], span[1]); });
    cuts = cuts.filter(function (cut, position) { return cuts.indexOf(cut) === position; }).sort(function (a, b) { return a - b; });
    function covers(spans, start, end) { return spans.some(function (span) { return span[0] <= start && end <= span[1]; }); }
    for (var position = 0; position + 1 < cuts.length; position += 1) {
      var start = cuts[position], end = cuts[position + 1];
      var piece = text.slice(start, end);
      var kinds = [covers(issueSpans, start, end) ? "issue" : "", covers(groupSpans, start, end) ? "group" : ""].join(" ").trim();
      cell.appendChild(kinds ? element("mark", kinds, piece) : document.createTextNode(piece));
    }
  }

  /* The evidence: statements from JSON, drawn page by page for the rows matching the filters. */
  function filterData(form) {
    var data = JSON.parse(document.getElementById(form.dataset.source).textContent);
    var body = document.getElementById(form.dataset.table).tBodies[0];
    var pageSize = Number(form.dataset.page);
    var more = form.parentNode.querySelector(".show-more");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var words = form.querySelector("input[type=search]");
    var labels = {};
    selects.forEach(function (select) {
      labels[select.name] = {};
      Array.prototype.forEach.call(select.options, function (option) { labels[select.name][option.value] = option.textContent; });
    });
    var lowered = data.rows.map(function (row) { return row[3].toLowerCase(); });
    var matching = [], shown = 0;

    function valuesOf(row, name) {
      var session = data.sessions[row[0]];
      switch (name) {
        case "issue": return row[6];
        case "mention": return row[7];
        case "voice": return [row[8]];
        case "year": return [session[1]];
        case "forum": return [session[2]];
        case "session": return [session[0]];
      }
      return [];
    }

    function draw(row) {
      var session = data.sessions[row[0]][0];
      var tr = element("tr");
      var ref = element("td", "ref");
      var link = element("a", "", session + " " + row[1]);
      link.href = "../" + encodeURIComponent(session) + "/brief.html#statement-" + encodeURIComponent(session + "--" + row[2]);
      ref.appendChild(link);
      var text = element("td", "text");
      markedText(text, row[3], row[4], row[5]);
      if (row[9]) text.appendChild(element("span", "speaker", "Said by " + row[9] + " (" + labels.voice[row[8]] + ")"));
      tr.appendChild(ref);
      tr.appendChild(text);
      tr.appendChild(element("td", "", row[6].map(function (id) { return labels.issue[id]; }).join("; ") || "none"));
      tr.appendChild(element("td", "", row[7].map(function (id) { return labels.mention[id]; }).join("; ") || "none"));
      return tr;
    }

    function showMore() {
      var fragment = document.createDocumentFragment();
      matching.slice(shown, shown + pageSize).forEach(function (row) { fragment.appendChild(draw(row)); });
      body.appendChild(fragment);
      shown = Math.min(matching.length, shown + pageSize);
      more.hidden = shown >= matching.length;
      status(form, shown, matching.length, data.rows.length);
    }

    function apply() {
      var wanted = selects.filter(function (select) { return select.value !== ""; });
      var needle = words.value.trim().toLowerCase();
      matching = data.rows.filter(function (row, position) {
        return wanted.every(function (select) { return valuesOf(row, select.name).indexOf(select.value) >= 0; }) &&
          (needle === "" || lowered[position].indexOf(needle) >= 0);
      });
      body.textContent = "";
      shown = 0;
      showMore();
    }

    function applyLink() {
      var hash = location.hash.slice(1);
      var question = hash.indexOf("?");
      if (question < 0 || hash.slice(0, question) !== form.dataset.section) return;
      var criteria = new URLSearchParams(hash.slice(question + 1));
      selects.forEach(function (select) { select.value = criteria.get(select.name) || ""; });
      words.value = "";
      apply();
      document.getElementById(form.dataset.section).scrollIntoView();
    }

    more.addEventListener("click", showMore);
    form.addEventListener("input", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    window.addEventListener("hashchange", applyLink);
    apply();
    applyLink();
  }

  document.querySelectorAll("form.filters").forEach(function (form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (form.dataset.source) filterData(form); else filterRows(form);
  });
})();

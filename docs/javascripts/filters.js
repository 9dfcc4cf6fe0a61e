/* Buzz vs Value: filters on the use-case list (use-cases/).
 *
 * The page holds every use case in its HTML table; without this script the whole list
 * reads. The script shows the filter form, hides the rows that do not match, keeps the
 * filter in the query string (use-cases/?country=NL&outcome=harmful opens filtered),
 * says how many rows show, and points the "download these as CSV" link at a file of
 * exactly the shown rows, made here from each row's own use-cases.csv cells. It loads
 * nothing and sends nothing. On other pages it does nothing.
 */
(function () {
  "use strict";
  var root = document.getElementById("bv-filters");
  if (!root) {
    return;
  }
  var form = document.getElementById("bv-filter-form");
  var table = document.getElementById("bv-cases");
  var count = document.getElementById("bv-count");
  var link = document.getElementById("bv-csv");
  var clear = document.getElementById("bv-filter-clear");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var header = JSON.parse(table.getAttribute("data-csv-header"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var blobUrl = null;

  function matches(row, name, value) {
    if (name === "year") {
      var year = Number(value);
      return Number(row.dataset.start) <= year && year <= Number(row.dataset.end);
    }
    if (name === "technology") {
      return (" " + row.dataset.technology + " ").indexOf(" " + value + " ") >= 0;
    }
    return row.dataset[name] === value;
  }

  /* Quoted as Python's csv module quotes (QUOTE_MINIMAL), so the bytes match the open data. */
  function cell(value) {
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function line(values) {
    return values.map(cell).join(",") + "\n";
  }

  function active() {
    return selects.filter(function (s) { return s.value !== ""; })
      .map(function (s) { return [s.name, s.value]; });
  }

  function update() {
    var filters = active();
    var shown = rows.filter(function (row) {
      var keep = filters.every(function (f) { return matches(row, f[0], f[1]); });
      row.hidden = !keep;
      return keep;
    });
    count.textContent = shown.length + " of " + rows.length + " use cases";
    var csv = line(header) + shown.map(function (row) {
      return line(JSON.parse(row.dataset.csv));
    }).join("");
    if (blobUrl) {
      URL.revokeObjectURL(blobUrl);
    }
    blobUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    link.href = blobUrl;
    link.setAttribute("download", table.getAttribute("data-csv-name"));
    var query = new URLSearchParams();
    filters.forEach(function (f) { query.set(f[0], f[1]); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") +
                         location.hash);
  }

  /* A shared address sets the filters; values match the options case-insensitively
     (?country=nl works), and one that matches no option is dropped. */
  var params = new URLSearchParams(location.search);
  selects.forEach(function (select) {
    var wanted = (params.get(select.name) || "").toLowerCase();
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value !== "" && o.value.toLowerCase() === wanted;
    });
    select.value = option ? option.value : "";
  });
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  clear.addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    update();
    selects[0].focus();
  });
  form.hidden = false;
  update();
}());

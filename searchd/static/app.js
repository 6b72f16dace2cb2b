/* The search page's script. The page works without it (the form submits
 * to the server, which renders results); with it, results come in place,
 * words are suggested while typing, and Esc leaves the site at once.
 *
 * Nothing from the archive is ever inserted as HTML: titles and names
 * become text nodes, and the snippet (escaped text with <mark> tags, made
 * by the server) is rebuilt from text and <mark> elements only. */
(function () {
  "use strict";

  var exitLink = document.getElementById("quick-exit");

  /* Leave quickly: replace this page in history so Back does not return. */
  function leave(event) {
    if (event) event.preventDefault();
    var target = exitLink ? exitLink.href : "about:blank";
    document.body.textContent = "";
    window.location.replace(target);
  }
  if (exitLink) exitLink.addEventListener("click", leave);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") leave(e);
  });

  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var role = document.getElementById("role");
  var results = document.getElementById("results");
  var list = document.getElementById("suggestions");
  if (!form || !input || !results) return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'" };
  function decode(text) {
    return text.replace(/&(amp|lt|gt|quot|#39);/g, function (m) { return entities[m]; });
  }

  /* The snippet as text and <mark> elements, whatever else it holds. */
  function snippet(html) {
    var p = el("p", "snippet");
    var parts = html.split(/(<mark>|<\/mark>)/);
    var marked = false;
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === "<mark>") { marked = true; continue; }
      if (parts[i] === "</mark>") { marked = false; continue; }
      if (!parts[i]) continue;
      var text = document.createTextNode(decode(parts[i]));
      if (marked) { var m = el("mark"); m.appendChild(text); p.appendChild(m); }
      else p.appendChild(text);
    }
    return p;
  }

  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function humanDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? (+m[3]) + " " + months[+m[2] - 1] + " " + m[1] : "";
  }

  function searchHref(q, adviser, offset) {
    var params = new URLSearchParams({ q: q });
    if (adviser) params.set("role", "adviser");
    if (offset) params.set("offset", String(offset));
    return "/?" + params.toString();
  }

  function resultHref(hit) {
    if (/^https?:\/\//.test(hit.url || "")) return hit.url;
    return "/thread?id=" + encodeURIComponent(hit.thread) + "#post-" + hit.post;
  }

  /* Builds the same markup as the server's sd_render_results. */
  function render(data, adviser) {
    var frag = document.createDocumentFragment();
    var summary = el("p", "summary");
    summary.setAttribute("role", "status");
    var n = data.results.length;
    /* The words the results are for: the correction's when shown. */
    var shown = data.showing_corrected && data.corrected ? data.corrected : data.query;
    if (n === 0) {
      summary.textContent = "No results for \u201c" + shown + "\u201d.";
    } else {
      var total = Math.max(data.total, data.offset + n);
      summary.textContent = "Results " + (data.offset + 1) + "\u2013" + (data.offset + n) +
        " of about " + total + " for \u201c" + shown + "\u201d";
    }
    frag.appendChild(summary);
    if (data.corrected && data.showing_corrected) {
      var showing = el("p", "did-you-mean", "Showing results for ");
      showing.appendChild(el("strong", null, data.corrected));
      showing.appendChild(document.createTextNode(". Search instead for "));
      var exact = el("a", null, data.query);
      exact.href = searchHref(data.query, adviser, 0) + "&exact=1";
      showing.appendChild(exact);
      showing.appendChild(document.createTextNode("."));
      frag.appendChild(showing);
    } else if (data.corrected) {
      var dym = el("p", "did-you-mean", "Did you mean ");
      var a = el("a", null, data.corrected);
      a.href = searchHref(data.corrected, adviser, 0);
      dym.appendChild(a);
      dym.appendChild(document.createTextNode("?"));
      frag.appendChild(dym);
    }
    if (n) {
      var ol = el("ol", "results");
      ol.start = data.offset + 1;
      data.results.forEach(function (hit) {
        var li = el("li", "result");
        var h2 = el("h2", "result-title");
        var link = el("a", null, hit.title || hit.thread);
        link.href = resultHref(hit);
        h2.appendChild(link);
        li.appendChild(h2);
        var meta = el("p", "result-meta");
        if (hit.type === "faq") {
          meta.appendChild(el("span", "badge badge-faq", "Advice page"));
        } else {
          meta.appendChild(el("span", "author", hit.author || "Unknown"));
          if (hit.role === "adviser") {
            meta.appendChild(document.createTextNode(" "));
            meta.appendChild(el("span", "badge", "Adviser"));
          }
        }
        if (hit.date) {
          var t = el("time", null, humanDate(hit.date));
          t.dateTime = hit.date;
          meta.appendChild(document.createTextNode(" "));
          meta.appendChild(t);
        }
        li.appendChild(meta);
        li.appendChild(snippet(hit.snippet || ""));
        if (hit.more_in_thread) {
          var faq = hit.type === "faq", one = hit.more_in_thread === 1;
          li.appendChild(el("p", "more", hit.more_in_thread + " more " +
            (faq ? (one ? "section" : "sections") + " of this page match"
                 : (one ? "reply" : "replies") + " in this thread match")));
        }
        ol.appendChild(li);
      });
      frag.appendChild(ol);
    }
    if (data.offset > 0 || data.total > data.offset + n) {
      var nav = el("nav", "pages");
      nav.setAttribute("aria-label", "Result pages");
      if (data.offset > 0) {
        var prev = el("a", null, "Previous");
        prev.rel = "prev";
        prev.href = searchHref(shown, adviser, Math.max(0, data.offset - data.limit));
        nav.appendChild(prev);
      }
      if (data.total > data.offset + n && n === data.limit) {
        var next = el("a", null, "Next");
        next.rel = "next";
        next.href = searchHref(shown, adviser, data.offset + data.limit);
        nav.appendChild(next);
      }
      frag.appendChild(nav);
    }
    results.textContent = "";
    results.appendChild(frag);
  }

  var pending = null;
  function search(q, adviser, offset, exact) {
    if (!q.trim()) return;
    if (pending) pending.abort();
    pending = new AbortController();
    var url = "/api/search?q=" + encodeURIComponent(q) + "&limit=10" +
      (adviser ? "&role=adviser" : "") + (offset ? "&offset=" + offset : "") +
      (exact ? "&exact=1" : "");
    results.setAttribute("aria-busy", "true");
    fetch(url, { signal: pending.signal, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); })
      .then(function (r) {
        results.removeAttribute("aria-busy");
        if (!r.ok) {
          results.textContent = "";
          results.appendChild(el("p", "summary problem", r.data.error || "Search failed."));
          return;
        }
        render(r.data, adviser);
        /* One history entry, updated in place: the address bar can be
         * shared, and Back leaves the search rather than replaying it. */
        history.replaceState(null, "", searchHref(q, adviser, offset) + (exact ? "&exact=1" : ""));
      })
      .catch(function (e) {
        if (e.name === "AbortError") return;
        results.removeAttribute("aria-busy");
        results.textContent = "";
        results.appendChild(el("p", "summary problem", "The search could not be reached."));
      });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    closeSuggestions();
    search(input.value, role && role.checked, 0);
  });
  if (role) role.addEventListener("change", function () {
    if (input.value.trim()) search(input.value, role.checked, 0);
  });
  /* "Did you mean" and page links run in place too. */
  results.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a") : null;
    if (!a || a.origin !== window.location.origin || a.pathname !== "/") return;
    e.preventDefault();
    var params = new URLSearchParams(a.search);
    var q = params.get("q") || "";
    input.value = q;
    search(q, params.get("role") === "adviser", parseInt(params.get("offset") || "0", 10),
           params.get("exact") === "1");
    results.focus();
  });

  /* ---- Suggestions (an ARIA combobox with a listbox) ---- */
  var timer = null, active = -1, lastAsked = "";

  function closeSuggestions() {
    if (!list) return;
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(text) {
    input.value = text;
    closeSuggestions();
    search(text, role && role.checked, 0);
  }

  function showSuggestions(items) {
    list.textContent = "";
    active = -1;
    if (!items.length) { closeSuggestions(); return; }
    items.forEach(function (text, i) {
      var li = el("li", null, text);
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(text); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(i) {
    var items = list.querySelectorAll("li");
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach(function (li, k) { li.setAttribute("aria-selected", k === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  if (list) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value;
      if (q.trim().length < 2 || /\s$/.test(q)) { closeSuggestions(); return; }
      timer = setTimeout(function () {
        lastAsked = q;
        fetch("/api/suggest?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (d) { if (input.value === lastAsked) showSuggestions(d.suggestions || []); })
          .catch(function () { closeSuggestions(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(list.querySelectorAll("li")[active].textContent);
      } else if (e.key === "Tab") closeSuggestions();
    });
    input.addEventListener("blur", function () { setTimeout(closeSuggestions, 100); });
  }
})();

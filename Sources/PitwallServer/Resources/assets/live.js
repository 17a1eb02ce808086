// Live updates for the dashboard. The server says "something changed" over server-sent
// events; the page fetches itself again and swaps in the new <main>. Without this script
// the pages still work: a refresh shows current data.
(function () {
  "use strict";
  // An error page's way back. A javascript: link would be refused by the pages' own script
  // policy, so the button stays hidden unless this script runs and there is a page to go to.
  var goBack = document.querySelector(".go-back");
  if (goBack && window.history.length > 1) {
    goBack.hidden = false;
    goBack.querySelector("button").addEventListener("click", function () { window.history.back(); });
  }
  // A new window takes its own usual comparison (month to date: the same days a month
  // before) unless "Compare with" was set to something other than the old window's usual.
  document.addEventListener("change", function (event) {
    var picked = event.target;
    if (!picked || picked.name !== "window" || !picked.form || !picked.form.elements.compare) { return; }
    var compare = picked.form.elements.compare;
    var served = picked.querySelector("option[selected]");
    var before = picked.getAttribute("data-shown-usual") || (served && served.getAttribute("data-usual-compare"));
    var usual = picked.selectedOptions[0] && picked.selectedOptions[0].getAttribute("data-usual-compare");
    if (usual && compare.value === before) { compare.value = usual; }
    picked.setAttribute("data-shown-usual", usual || "");
  });
  var main = document.getElementById("main");
  var state = document.getElementById("live-state");
  var asOf = document.getElementById("as-of");
  if (!main || !window.EventSource || !window.fetch) { return; }
  // A page holding something shown once (a new token's secret) is never swapped.
  if (main.getAttribute("data-live") === "off") { return; }

  var busy = false, again = false, last = 0;
  // At most once a second, however many events arrive; a page that takes long to build
  // and changes slowly (the template review) asks for less.
  var spacing = Number(main.getAttribute("data-live-spacing")) || 1000;
  // Do not pull the page from under someone typing in a form.
  function typing() {
    var active = document.activeElement;
    return active && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }
  function refresh() {
    if (busy || typing()) { again = true; return; }
    var wait = spacing - (Date.now() - last);
    if (wait > 0) { again = true; setTimeout(flush, wait); return; }
    busy = true; again = false; last = Date.now();
    fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (signedOut(response)) { return new Promise(function () {}); }
        if (response.redirected || !response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("main");
        if (fresh) { main.innerHTML = fresh.innerHTML; }
        var freshAsOf = page.getElementById("as-of");
        if (freshAsOf && asOf) { asOf.textContent = freshAsOf.textContent; }
        document.documentElement.setAttribute("data-refreshed", String(Date.now()));
        tick();
      })
      .catch(function () { if (state) { state.className = "live-state offline"; } })
      .then(function () { busy = false; if (again) { setTimeout(flush, 250); } });
  }
  function flush() { if (again) { again = false; refresh(); } }

  // A page asked for after the session ended comes back as the sign-in form, which says
  // why: show it rather than keep figures that no longer move.
  // The first way out wins: a page fetched while the feed says why the session ended (its
  // token revoked) would otherwise replace that reason with a plain "session ended".
  var leaving = false;
  function leave(url) {
    if (!leaving) { leaving = true; location.assign(url); }
  }
  function signedOut(response) {
    if (!response.redirected || new URL(response.url).pathname !== "/sign-in") { return false; }
    leave(response.url);
    return true;
  }
  function signIn(reason) {
    leave("/sign-in?next=" + encodeURIComponent(location.pathname + location.search) + "&ended=" + encodeURIComponent(reason));
  }

  // SLA countdowns tick every second between updates.
  function tick() {
    var now = Date.now();
    var cells = document.querySelectorAll("[data-deadline]");
    for (var i = 0; i < cells.length; i++) {
      var deadline = Number(cells[i].getAttribute("data-deadline"));
      if (!deadline) { continue; }
      var left = Math.round((deadline - now) / 1000);
      cells[i].textContent = (left < 0 ? "over by " : "") + span(Math.abs(left));
    }
  }
  function span(seconds) {
    if (seconds < 60) { return seconds + " s"; }
    var minutes = Math.floor(seconds / 60), hours = Math.floor(minutes / 60);
    if (hours > 0) { return hours + " h " + (minutes % 60) + " min"; }
    return minutes + " min " + (seconds % 60) + " s";
  }
  setInterval(tick, 1000);

  // The browser reconnects by itself after a dropped line, but gives up for good on an
  // answer that is not the stream (a 401 once signed out, a proxy's 502 during a deploy):
  // then ask for the page, which tells which, and open the feed again, waiting longer each time.
  var retryDelay = 3000;
  function listen() {
    var source = new EventSource("/live");
    source.addEventListener("open", function () { retryDelay = 3000; if (state) { state.className = "live-state live"; } });
    source.addEventListener("error", function () {
      if (state) { state.className = "live-state offline"; }
      if (source.readyState !== EventSource.CLOSED) { return; }
      setTimeout(function () {
        fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (response) { if (!signedOut(response)) { listen(); refresh(); } })
          .catch(listen);
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    });
    source.addEventListener("change", refresh);
    source.addEventListener("signed-out", function (event) { source.close(); signIn(event.data); });
  }
  listen();
  document.addEventListener("focusout", function () { setTimeout(flush, 0); });
})();

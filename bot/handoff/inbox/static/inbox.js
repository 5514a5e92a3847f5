// Inbox live updates: new cases in the queue, new messages in a case, from /inbox/stream (SSE).
// All HTML comes from the server (escaped there); this script only places it.
(() => {
  "use strict";
  const url = document.body.dataset.stream;
  if (!url || !window.EventSource) return;
  const live = document.getElementById("meldingen");
  const table = document.getElementById("wachtrij");
  const list = document.getElementById("berichten");
  const say = (text) => { if (live) { live.textContent = ""; setTimeout(() => { live.textContent = text; }, 50); } };

  async function fragment(path) {
    const res = await fetch(path, { credentials: "same-origin", headers: { Accept: "text/html" } });
    return res.ok ? res.text() : null;
  }

  async function onCase(data) {
    if (!table) return;
    const id = "zaak-" + data.case_id;
    const old = document.getElementById(id);
    if (data.action === "gesloten" || data.action === "teruggegeven") {
      if (old && !old.contains(document.activeElement)) old.remove();
      return;
    }
    const html = await fragment("/inbox/zaak/" + data.case_id + "/rij");
    if (!html) return;
    const tpl = document.createElement("template");
    tpl.innerHTML = html.trim();
    const row = tpl.content.firstElementChild;
    if (old) {
      if (!old.contains(document.activeElement)) old.replaceWith(row);
      return;
    }
    const body = table.tBodies[0];
    if (data.urgent) {
      const urgent = body.querySelectorAll('tr[data-urgent="1"]');
      if (urgent.length) urgent[urgent.length - 1].after(row); else body.prepend(row);
    } else {
      body.append(row);
    }
    const empty = document.getElementById("leeg");
    if (empty) empty.hidden = true;
    say((data.urgent ? "Nieuwe zaak met spoed: zaak " : "Nieuwe zaak: zaak ") + data.case_id);
  }

  async function onMessage(data) {
    if (!list) return;
    const html = await fragment("/inbox/zaak/" + list.dataset.zaak + "/berichten");
    if (html === null) return;
    list.innerHTML = html;
    if (data.action === "bericht_client") say("Nieuw bericht van de cliënt");
  }

  const source = new EventSource(url);
  source.addEventListener("zaak", (ev) => onCase(JSON.parse(ev.data)));
  source.addEventListener("bericht", (ev) => onMessage(JSON.parse(ev.data)));
})();

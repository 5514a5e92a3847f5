// <bijstand-chat>: the chat widget. Vanilla JS, no dependencies; renders with textContent only.
(() => {
  const CSS = `
    :host { display: block; --bw-accent: #01689b; --bw-bg: #fff; --bw-text: #1a1a1a; --bw-muted: #4a4a4a; }
    .panel { border: 1px solid #767676; border-radius: 8px; background: var(--bw-bg); color: var(--bw-text);
             display: flex; flex-direction: column; max-height: 36rem; }
    .notice { margin: 0; padding: .75rem; background: #eef5fa; border-bottom: 1px solid #767676; font-size: .95rem; }
    .log { overflow-y: auto; padding: .75rem; flex: 1; min-height: 10rem; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { margin: .5rem 0; padding: .5rem .75rem; border-radius: 8px; white-space: pre-wrap; max-width: 90%; }
    li.client { background: var(--bw-accent); color: #fff; margin-inline-start: auto; }
    li.bot { background: #f3f3f3; }
    .cite { display: block; font-size: .85rem; color: var(--bw-muted); margin-top: .25rem; }
    .who { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    form { display: flex; gap: .5rem; padding: .75rem; border-top: 1px solid #767676; }
    label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    input { flex: 1; font: inherit; padding: .5rem; min-height: 44px; border: 1px solid #767676; border-radius: 4px; }
    button { font: inherit; min-height: 44px; min-width: 44px; padding: .5rem 1rem; border-radius: 4px;
             border: 2px solid var(--bw-accent); background: var(--bw-accent); color: #fff; cursor: pointer; }
    button.choice { background: #fff; color: var(--bw-accent); margin: .25rem .5rem 0 0; }
    :focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .status { padding: 0 .75rem; min-height: 1.5rem; color: var(--bw-muted); }
  `;

  class BijstandChat extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: "open" });
      const lang = this.getAttribute("lang") || "nl";
      this.gemeente = this.getAttribute("gemeente") || null;
      this.api = this.getAttribute("api") || "/api/v1/chat";
      const key = "bijstand-conversation";
      this.conversationId = sessionStorage.getItem(key) ||
        ("web-" + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)));
      sessionStorage.setItem(key, this.conversationId);
      root.innerHTML = `
        <style>${CSS}</style>
        <section class="panel" lang="${lang}" aria-label="Chat met Bijstandswijzer">
          <p class="notice">Je praat met een computerprogramma, niet met een mens. Het programma neemt geen besluiten.
            Deel geen BSN of rekeningnummer: dat is niet nodig.</p>
          <div class="log" role="log" aria-live="polite" aria-label="Gesprek"><ol></ol></div>
          <div class="status" role="status"></div>
          <form>
            <label for="bw-input">Je vraag</label>
            <input id="bw-input" name="text" autocomplete="off" dir="auto" maxlength="2000" required>
            <button type="submit">Verstuur</button>
          </form>
        </section>`;
      this.list = root.querySelector("ol");
      this.status = root.querySelector(".status");
      this.input = root.querySelector("input");
      root.querySelector("form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        const text = this.input.value.trim();
        if (text) this.send(text);
      });
    }

    add(who, text, citations, buttons) {
      const li = document.createElement("li");
      li.className = who;
      li.setAttribute("dir", "auto");
      const speaker = document.createElement("span");
      speaker.className = "who";
      speaker.textContent = who === "client" ? "Jij: " : "Bijstandswijzer: ";
      li.append(speaker, document.createTextNode(text));
      if (citations && citations.length) {
        const cite = document.createElement("span");
        cite.className = "cite";
        cite.textContent = "Bronnen: " + citations.join(", ");
        li.append(cite);
      }
      for (const b of buttons || []) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "choice";
        btn.textContent = b.title;
        btn.addEventListener("click", () => this.send(b.payload, b.title));
        li.append(btn);
      }
      this.list.append(li);
      li.scrollIntoView({ block: "end" });
    }

    async send(text, shown) {
      this.add("client", shown || text);
      this.input.value = "";
      this.status.textContent = "Bijstandswijzer is aan het typen…";
      try {
        const res = await fetch(this.api, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ conversation_id: this.conversationId, text, gemeente: this.gemeente,
                                 language: this.getAttribute("lang") || null }),
        });
        const data = await res.json();
        if (data.messages) {
          for (const m of data.messages) this.add("bot", m.text, m.citations, m.buttons);
        } else if (data.error) {
          this.add("bot", data.error.message);
        }
      } catch (err) {
        this.add("bot", "Er ging iets mis met de verbinding. Probeer het opnieuw.");
      } finally {
        this.status.textContent = "";
        this.input.focus();
      }
    }
  }
  customElements.define("bijstand-chat", BijstandChat);
})();

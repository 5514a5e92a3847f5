// <bijstand-chat>: the Bijstandswijzer chat widget. Vanilla JS, no dependencies; renders with textContent only.
//
// Embed with one tag:  <script src="https://bijstandswijzer.example/static/widget.js" defer></script>
//                      <bijstand-chat gemeente="utrecht" lang="nl"></bijstand-chat>
// Attributes: gemeente (slug), lang (nl en tr ar pl uk), api-base (default: where widget.js came from).
// Colours and fonts through CSS custom properties (NL Design System token style), e.g.
//   bijstand-chat { --bijstand-chat-accent-background-color: #154273; }
// Messages go up by POST; replies come down over Server-Sent Events and are replayed after a reload.
(() => {
  const SCRIPT_ORIGIN = (() => {
    try { return new URL(document.currentScript.src).origin; } catch (e) { return ""; }
  })();
  const RTL = new Set(["ar"]);
  const LANGS = { nl: "Nederlands", en: "English", tr: "Türkçe", ar: "العربية", pl: "Polski", uk: "Українська" };
  const UI = {
    nl: { title: "Chat met Bijstandswijzer", language: "Taal", log: "Gesprek", field: "Je vraag", send: "Verstuur",
          notice: "Je praat met een computerprogramma, niet met een mens. Het programma legt regels uit en neemt geen besluiten. Alleen de gemeente beslist.",
          privacy: "Privacy: je berichten worden bewaard om je vraag te beantwoorden. Een BSN, rekeningnummer of telefoonnummer halen we eruit. Deel die niet.",
          you: "Jij", bot: "Bijstandswijzer", klantmanager: "Klantmanager", system: "Melding", sources: "Bronnen",
          typing: "Bijstandswijzer is aan het typen…", offline: "Er ging iets mis met de verbinding. Probeer het opnieuw." },
    en: { title: "Chat with Bijstandswijzer", language: "Language", log: "Conversation", field: "Your question", send: "Send",
          notice: "You are talking to a computer program, not a person. It explains the rules and makes no decisions. Only the municipality decides.",
          privacy: "Privacy: your messages are stored to answer your question. We remove a BSN, bank account or phone number. Please do not share them.",
          you: "You", bot: "Bijstandswijzer", klantmanager: "Caseworker", system: "Notice", sources: "Sources",
          typing: "Bijstandswijzer is typing…", offline: "The connection failed. Please try again." },
    tr: { title: "Bijstandswijzer ile sohbet", language: "Dil", log: "Konuşma", field: "Sorunuz", send: "Gönder",
          notice: "Bir insanla değil, bir bilgisayar programıyla konuşuyorsunuz. Program kuralları açıklar, karar vermez. Kararı yalnızca belediye verir.",
          privacy: "Gizlilik: mesajlarınız sorunuzu yanıtlamak için saklanır. BSN, banka hesabı veya telefon numarasını sileriz. Lütfen paylaşmayın.",
          you: "Siz", bot: "Bijstandswijzer", klantmanager: "Danışman", system: "Bildirim", sources: "Kaynaklar",
          typing: "Bijstandswijzer yazıyor…", offline: "Bağlantı kurulamadı. Lütfen tekrar deneyin." },
    ar: { title: "الدردشة مع Bijstandswijzer", language: "اللغة", log: "المحادثة", field: "سؤالك", send: "إرسال",
          notice: "أنت تتحدث مع برنامج حاسوب، وليس مع إنسان. يشرح البرنامج القواعد ولا يتخذ قرارات. البلدية وحدها تقرر.",
          privacy: "الخصوصية: تُحفظ رسائلك للإجابة عن سؤالك. نحذف رقم BSN أو رقم الحساب البنكي أو رقم الهاتف. لا تشاركها من فضلك.",
          you: "أنت", bot: "Bijstandswijzer", klantmanager: "المرشد", system: "تنبيه", sources: "المصادر",
          typing: "Bijstandswijzer يكتب…", offline: "فشل الاتصال. حاول مرة أخرى." },
    pl: { title: "Czat z Bijstandswijzer", language: "Język", log: "Rozmowa", field: "Twoje pytanie", send: "Wyślij",
          notice: "Rozmawiasz z programem komputerowym, nie z człowiekiem. Program wyjaśnia zasady i nie podejmuje decyzji. Decyduje tylko gmina.",
          privacy: "Prywatność: Twoje wiadomości są przechowywane, aby odpowiedzieć na pytanie. Usuwamy numer BSN, konta lub telefonu. Nie podawaj ich.",
          you: "Ty", bot: "Bijstandswijzer", klantmanager: "Opiekun", system: "Komunikat", sources: "Źródła",
          typing: "Bijstandswijzer pisze…", offline: "Błąd połączenia. Spróbuj ponownie." },
    uk: { title: "Чат з Bijstandswijzer", language: "Мова", log: "Розмова", field: "Ваше запитання", send: "Надіслати",
          notice: "Ви розмовляєте з комп'ютерною програмою, а не з людиною. Програма пояснює правила і не ухвалює рішень. Вирішує лише громада.",
          privacy: "Конфіденційність: ваші повідомлення зберігаються, щоб відповісти на запитання. Ми видаляємо BSN, номер рахунку чи телефону. Не діліться ними.",
          you: "Ви", bot: "Bijstandswijzer", klantmanager: "Консультант", system: "Повідомлення", sources: "Джерела",
          typing: "Bijstandswijzer пише…", offline: "Помилка з'єднання. Спробуйте ще раз." },
  };

  const CSS = `
    :host { display: block; font-family: var(--bijstand-chat-font-family, inherit); line-height: 1.5;
      --_accent: var(--bijstand-chat-accent-background-color, #01689b);
      --_accent-text: var(--bijstand-chat-accent-color, #ffffff);
      --_bg: var(--bijstand-chat-background-color, #ffffff);
      --_text: var(--bijstand-chat-color, #1a1a1a);
      --_muted: var(--bijstand-chat-muted-color, #4a4a4a);
      --_border: var(--bijstand-chat-border-color, #767676);
      --_bot-bg: var(--bijstand-chat-bot-background-color, #f3f3f3);
      --_notice-bg: var(--bijstand-chat-notice-background-color, #eef5fa);
      --_focus: var(--bijstand-chat-focus-outline-color, #000000);
      --_focus-halo: var(--bijstand-chat-focus-background-color, #ffbf47); }
    .panel { border: 1px solid var(--_border); border-radius: 8px; background: var(--_bg); color: var(--_text);
             display: flex; flex-direction: column; max-width: 100%; }
    .content { display: flex; flex-direction: column; min-width: 0; }
    .head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
            padding: .5rem .75rem; border-bottom: 1px solid var(--_border); }
    h2 { font-size: 1.1rem; margin: 0; }
    .lang { display: flex; gap: .5rem; align-items: center; }
    select { font: inherit; min-height: 44px; padding: .25rem .5rem; border: 1px solid var(--_border);
             border-radius: 4px; background: var(--_bg); color: var(--_text); }
    .notice { padding: .5rem .75rem; background: var(--_notice-bg); border-bottom: 1px solid var(--_border);
              font-size: .95rem; }
    .notice p { margin: .25rem 0; }
    .log { overflow-y: auto; padding: .75rem; min-height: 10rem; max-height: 28rem; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { margin: .5rem 0; padding: .5rem .75rem; border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere;
         max-width: 90%; }
    li.user { background: var(--_accent); color: var(--_accent-text); margin-inline-start: auto; }
    li.bot, li.system { background: var(--_bot-bg); }
    li.klantmanager { background: var(--_notice-bg); border: 1px solid var(--_border); }
    .cite { display: block; font-size: .875rem; color: var(--_muted); margin-top: .25rem; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .choices { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; white-space: normal; }
    form { display: flex; flex-wrap: wrap; gap: .5rem; padding: .75rem; border-top: 1px solid var(--_border); }
    form label { flex-basis: 100%; font-weight: 600; }
    input { flex: 1 1 12rem; min-width: 0; font: inherit; padding: .5rem; min-height: 44px;
            border: 1px solid var(--_border); border-radius: 4px; background: var(--_bg); color: var(--_text); }
    button { font: inherit; min-height: 44px; min-width: 44px; padding: .5rem 1rem; border-radius: 4px;
             border: 2px solid var(--_accent); background: var(--_accent); color: var(--_accent-text); cursor: pointer; }
    button.choice { background: var(--_bg); color: var(--_accent); }
    :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; box-shadow: 0 0 0 6px var(--_focus-halo); }
    .status { padding: 0 .75rem; min-height: 1.5rem; color: var(--_muted); }
  `;

  class BijstandChat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      this.language = LANGS[this.getAttribute("lang")] ? this.getAttribute("lang") : "nl";
      this.gemeente = this.getAttribute("gemeente") || null;
      this.apiBase = (this.getAttribute("api-base") || SCRIPT_ORIGIN).replace(/\/$/, "");
      this.storageKey = "bijstand-chat:" + this.apiBase + ":" + (this.gemeente || "");
      this.seen = new Set();
      const options = Object.entries(LANGS)
        .map(([code, name]) => `<option value="${code}" lang="${code}">${name}</option>`).join("");
      root.innerHTML = `
        <style>${CSS}</style>
        <section class="panel" aria-labelledby="bw-title">
          <div class="content">
            <div class="head">
              <h2 id="bw-title"></h2>
              <div class="lang"><label for="bw-lang"></label><select id="bw-lang">${options}</select></div>
            </div>
            <div class="notice"><p class="computer"></p><p class="privacy"></p></div>
            <div class="log" role="log" aria-live="polite" tabindex="0"><ol></ol></div>
            <div class="status" role="status"></div>
            <form>
              <label for="bw-input"></label>
              <input id="bw-input" name="text" autocomplete="off" dir="auto" maxlength="2000" required>
              <button type="submit"></button>
            </form>
          </div>
        </section>`;
      this.root = root;
      this.content = root.querySelector(".content");
      this.logBox = root.querySelector(".log");
      this.list = root.querySelector("ol");
      this.status = root.querySelector(".status");
      this.input = root.querySelector("input");
      this.select = root.querySelector("select");
      this.select.addEventListener("change", () => this.setLanguage(this.select.value));
      root.querySelector("form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        const text = this.input.value.trim();
        if (text) this.send(text);
      });
      this.setLanguage(this.language);
      this.loadLabels();
      const saved = this.loadSession();
      if (saved) this.listen(saved);
    }

    // The labels above are a fallback; the service's translation catalogs (vertalingen/) are the source.
    async loadLabels() {
      try {
        const res = await fetch(this.apiBase + "/api/v1/widget/teksten");
        if (!res.ok) return;
        const data = await res.json();
        for (const [code, labels] of Object.entries(data)) {
          if (UI[code]) Object.assign(UI[code], labels);
        }
        this.setLanguage(this.language);
      } catch (e) { /* keep the built-in labels */ }
    }

    disconnectedCallback() {
      if (this.source) this.source.close();
    }

    t(key) { return (UI[this.language] || UI.nl)[key]; }

    setLanguage(code) {
      this.language = LANGS[code] ? code : "nl";
      // dir goes on the panel content only: the panel itself stays anchored in the host page's direction.
      this.content.setAttribute("lang", this.language);
      this.content.setAttribute("dir", RTL.has(this.language) ? "rtl" : "ltr");
      this.select.value = this.language;
      const q = (s) => this.root.querySelector(s);
      q("#bw-title").textContent = this.t("title");
      q(".lang label").textContent = this.t("language");
      q(".computer").textContent = this.t("notice");
      q(".privacy").textContent = this.t("privacy");
      this.logBox.setAttribute("aria-label", this.t("log"));
      q("form label").textContent = this.t("field");
      q("form button").textContent = this.t("send");
    }

    loadSession() {
      try { return JSON.parse(sessionStorage.getItem(this.storageKey)); } catch (e) { return null; }
    }

    async newSession() {
      const res = await fetch(this.apiBase + "/api/chat/conversations", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ gemeente: this.gemeente, language: this.language }),
      });
      if (!res.ok) throw new Error("conversation " + res.status);
      const session = await res.json();
      sessionStorage.setItem(this.storageKey, JSON.stringify(session));
      this.listen(session);
      return session;
    }

    listen(session) {
      if (this.source) this.source.close();
      const url = this.apiBase + "/api/chat/conversations/" + encodeURIComponent(session.conversation_id) +
        "/events?token=" + encodeURIComponent(session.token);
      this.source = new EventSource(url);  // reconnects by itself and sends Last-Event-ID
      this.source.addEventListener("message", (ev) => {
        if (this.seen.has(ev.lastEventId)) return;
        this.seen.add(ev.lastEventId);
        this.add(JSON.parse(ev.data));
      });
      this.source.addEventListener("typing", (ev) => {
        this.status.textContent = JSON.parse(ev.data).typing ? this.t("typing") : "";
      });
    }

    add(m) {
      const who = ["user", "bot", "klantmanager", "system"].includes(m.from) ? m.from : "bot";
      const li = document.createElement("li");
      li.className = who;
      li.setAttribute("dir", "auto");
      if (m.lang) li.setAttribute("lang", m.lang);
      const speaker = document.createElement("span");
      speaker.className = "sr";
      speaker.textContent = this.t(who === "user" ? "you" : who) + ": ";
      li.append(speaker, document.createTextNode(m.text || ""));
      if (m.citations && m.citations.length) {
        const cite = document.createElement("span");
        cite.className = "cite";
        cite.textContent = this.t("sources") + ": " + m.citations.join(", ");
        li.append(cite);
      }
      if (m.buttons && m.buttons.length) {
        const choices = document.createElement("div");
        choices.className = "choices";
        for (const b of m.buttons) {
          const btn = document.createElement("button");
          btn.type = "button";
          btn.className = "choice";
          btn.textContent = b.title;
          btn.addEventListener("click", () => this.send(b.payload || b.title, b.title));
          choices.append(btn);
        }
        li.append(choices);
      }
      this.list.append(li);
      this.logBox.scrollTop = this.logBox.scrollHeight;
    }

    async send(text, shown) {
      this.input.value = "";
      this.input.focus();
      const body = JSON.stringify({ text, display: shown || null, gemeente: this.gemeente, language: this.language });
      try {
        let session = this.loadSession() || await this.newSession();
        const post = (s) => fetch(this.apiBase + "/api/chat/conversations/" + encodeURIComponent(s.conversation_id) +
          "/messages", { method: "POST", headers: { "Content-Type": "application/json",
          Authorization: "Bearer " + s.token }, body });
        let res = await post(session);
        if (res.status === 401 || res.status === 403) {  // the conversation is gone (erased): start a new one
          sessionStorage.removeItem(this.storageKey);
          session = await this.newSession();
          res = await post(session);
        }
        if (!res.ok) {
          const data = await res.json().catch(() => ({}));
          this.add({ from: "system", text: (data.error && data.error.message) || this.t("offline") });
        }
      } catch (err) {
        this.add({ from: "system", text: this.t("offline") });
      }
    }
  }
  customElements.define("bijstand-chat", BijstandChat);
})();

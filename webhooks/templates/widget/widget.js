/* Repair chat widget: <script src="https://GATEWAY/widget.js" data-association="NAME" defer></script> */
(function () {
  "use strict";
  var PRESET = {{ preset|tojson }};
{% raw %}
  var script = document.currentScript ||
    document.querySelector('script[src*="widget.js"][data-association]');
  if (!script || window.__repairChatLoaded) return;
  window.__repairChatLoaded = true;
  var BASE = new URL(script.src, location.href).origin;
  var REF = script.getAttribute("data-association") || (PRESET && PRESET.association) || "";
  var KEY = "repairchat:" + REF;
  // localStorage: the conversation is the same in every tab of the site. It is forgotten after a quiet spell,
  // so the next person at a shared computer starts afresh.
  var IDLE_MS = 12 * 3600 * 1000;
  var store = (function () {
    try { window.localStorage.setItem(KEY + ":probe", "1"); window.localStorage.removeItem(KEY + ":probe");
      return window.localStorage; } catch (e) { return window.sessionStorage; }
  })();

  var T = {
    da: {
      launcher: "Anmeld en skade", title: "Skadesanmeldelse", close: "Luk chat", send: "Send",
      input: "Skriv din besked", photo: "Tilføj billede", typing: "Skriver …", you: "Dig", bot: "Svar",
      intro: "Hej! Fortæl kort, hvad der er gået i stykker, og hvor i boligen.",
      emergency: "Er nogen i fare? Ring {e}. Akut skade uden for åbningstid: {o}.",
      lang: "In English", langLabel: "Switch the chat to English", error: "Beskeden kunne ikke sendes. Prøv igen.",
      photoAlt: "Dit billede", options: "Svarmuligheder", log: "Samtale", sending: "Sender billede …",
      newChat: "Ny samtale", newChatLabel: "Start en ny samtale (den nuværende gemmes hos os)",
      call: "Ring til ", tools: "Chatindstillinger"
    },
    en: {
      launcher: "Report a repair", title: "Repair report", close: "Close chat", send: "Send",
      input: "Type your message", photo: "Add photo", typing: "Typing …", you: "You", bot: "Reply",
      intro: "Hello! Tell us briefly what is broken and where in your home.",
      emergency: "Anyone in danger? Call {e}. Urgent damage out of hours: {o}.",
      lang: "På dansk", langLabel: "Skift chatten til dansk", error: "The message could not be sent. Please try again.",
      photoAlt: "Your photo", options: "Options", log: "Conversation", sending: "Sending photo …",
      newChat: "New conversation", newChatLabel: "Start a new conversation (this one stays with us)",
      call: "Call ", tools: "Chat settings"
    }
  };

  function saved() { try { return JSON.parse(store.getItem(KEY) || "{}"); } catch (e) { return {}; } }
  function save(patch) {
    var s = saved(); for (var k in patch) s[k] = patch[k]; s.at = Date.now();
    try { store.setItem(KEY, JSON.stringify(s)); } catch (e) { /* storage full or blocked: this tab only */ }
  }
  (function forgetIdle() {
    var s = saved();
    if (s.token && s.at && Date.now() - s.at > IDLE_MS) store.removeItem(KEY);
  })();
  function digits(n) { return String(n || "").replace(/[^\d]/g, ""); }
  function escapeRe(t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function pageLang(fallback) {
    var l = (document.documentElement.lang || "").toLowerCase();
    return l.indexOf("en") === 0 ? "en" : l.indexOf("da") === 0 ? "da" : fallback;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text) node.textContent = text;
    return node;
  }
  function api(path, options) {
    options = options || {};
    options.headers = options.headers || {};
    var token = saved().token;
    if (token) options.headers["X-Chat-Token"] = token;
    return fetch(BASE + path, options).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { body._status = r.status; return body; });
    });
  }

  // The association's numbers, formatted by the gateway (phonenumbers): digits -> {shown, tel}.
  function numberBook(cfg) {
    var book = {}, alts = [];
    var numbers = cfg.numbers || {};
    Object.keys(numbers).forEach(function (n) {
      var entry = { shown: numbers[n], tel: n.replace(/[^+\d]/g, "") };
      book[digits(n)] = entry; book[digits(numbers[n])] = entry;
      alts.push(escapeRe(n)); alts.push(escapeRe(numbers[n]));
    });
    alts.sort(function (a, b) { return b.length - a.length; });
    alts.push("\\+?\\d[\\d ]{6,}\\d");  // any other phone number: 8 to 15 digits, spaces allowed
    // A reference (482-9137) is kept in one piece; a number is not part of a date, time or reference.
    var pattern = new RegExp("(\\b\\d{3}-\\d{4}\\b)|(?<![\\d+\\-/.:])(" + alts.join("|") + ")(?![\\d\\-/:])", "g");
    return { book: book, pattern: pattern };
  }

  function start(cfg) {
    var lang = saved().lang || pageLang(cfg.language === "en" ? "en" : "da");
    var numbers = numberBook(cfg);
    var host = el("div", { id: "repair-chat" });
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    var c = cfg.colour;
    var style = el("style");
    style.textContent =
      ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
      ".launch{position:fixed;right:16px;bottom:16px;z-index:2147483000;background:" + c + ";color:#fff;border:0;" +
      "border-radius:24px;padding:12px 18px;font-size:16px;font-weight:600;cursor:pointer;box-shadow:0 2px 8px #0005}" +
      "button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;" +
      "box-shadow:0 0 0 5px #fff}" +
      ".panel{position:fixed;right:8px;bottom:8px;z-index:2147483001;width:min(380px,calc(100vw - 16px));" +
      "height:min(620px,calc(100vh - 16px));background:#fff;color:#1a1a1a;border-radius:12px;display:flex;" +
      "flex-direction:column;box-shadow:0 4px 24px #0006;overflow:hidden}" +
      ".panel[hidden]{display:none}" +
      ".head{background:" + c + ";color:#fff;padding:10px 12px;display:flex;align-items:center;gap:8px}" +
      ".head h2{font-size:17px;margin:0;flex:1}.head button{background:transparent;color:#fff;border:1px solid #fff;" +
      "border-radius:6px;padding:6px 8px;font-size:14px;cursor:pointer}" +
      ".sos{background:#fff4e5;color:#6b2600;padding:8px 12px;font-size:14px;border-bottom:1px solid #e0c9a6}" +
      ".sos a{color:#6b2600;font-weight:700;white-space:nowrap}" +
      ".tools{display:flex;justify-content:flex-end;gap:8px;padding:6px 12px;border-bottom:1px solid #ddd}" +
      ".tools button{background:#fff;color:" + c + ";border:1px solid " + c + ";border-radius:6px;padding:4px 10px;" +
      "font-size:14px;cursor:pointer}" +
      ".ref,.msg a{white-space:nowrap}.msg.bot a{color:#0b4f8a;font-weight:600}" +
      ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}" +
      ".msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-line;font-size:15px;line-height:1.4;" +
      "overflow-wrap:anywhere}" +
      ".bot{background:#eef2f3;align-self:flex-start}.me{background:" + c + ";color:#fff;align-self:flex-end}" +
      ".me img{max-width:100%;border-radius:8px;display:block}" +
      ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
      ".quick{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}" +
      ".quick button{background:#fff;color:" + c + ";border:2px solid " + c + ";border-radius:16px;padding:6px 12px;" +
      "font-size:15px;cursor:pointer}" +
      ".typing{font-size:14px;color:#4a4a4a;padding:0 12px 6px;min-height:1.4em}" +
      "form{display:flex;gap:6px;padding:8px;border-top:1px solid #ccc;align-items:flex-end}" +
      "textarea{flex:1;resize:none;font-size:16px;padding:8px;border:1px solid #6b6b6b;border-radius:8px;" +
      "min-height:42px;max-height:120px;color:#1a1a1a}" +
      "form button{background:" + c + ";color:#fff;border:0;border-radius:8px;padding:10px 12px;font-size:15px;" +
      "cursor:pointer;flex:none}form button.alt{background:#fff;color:" + c + ";border:2px solid " + c + ";" +
      "padding:8px;line-height:0}form button.alt svg{width:22px;height:22px}" +
      "textarea::placeholder{color:#595959;opacity:1}";
    root.appendChild(style);

    var launch = el("button", { class: "launch", type: "button", "aria-expanded": "false", "aria-controls": "rc-panel" });
    var panel = el("section", { class: "panel", id: "rc-panel", role: "dialog", "aria-labelledby": "rc-title" });
    panel.hidden = true;
    var head = el("div", { class: "head" });
    var title = el("h2", { id: "rc-title" });
    var closeBtn = el("button", { type: "button" });
    head.appendChild(title); head.appendChild(closeBtn);
    var tools = el("div", { class: "tools", role: "group" });
    var langBtn = el("button", { type: "button", lang: lang === "da" ? "en" : "da" });
    var newBtn = el("button", { type: "button", class: "new" });
    tools.appendChild(newBtn); tools.appendChild(langBtn);
    var sos = el("p", { class: "sos", role: "note" });
    var log = el("div", { class: "log", role: "log", "aria-live": "polite", tabindex: "0" });
    var typing = el("div", { class: "typing", role: "status", "aria-live": "polite" });
    var form = el("form", { novalidate: "" });
    var inputLabel = el("label", { for: "rc-input", class: "sr" });
    var input = el("textarea", { id: "rc-input", rows: "1", maxlength: "1600", autocomplete: "off" });
    var file = el("input", { type: "file", accept: "image/*", class: "sr", tabindex: "-1", "aria-hidden": "true" });
    // An icon, so the message box keeps room for its whole placeholder on a 360 px phone.
    var photoBtn = el("button", { type: "button", class: "alt" });
    photoBtn.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" ' +
      'd="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 ' +
      '0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"/></svg>';
    var sendBtn = el("button", { type: "submit" });
    form.appendChild(inputLabel); form.appendChild(input); form.appendChild(file);
    form.appendChild(photoBtn); form.appendChild(sendBtn);
    [head, sos, tools, log, typing, form].forEach(function (n) { panel.appendChild(n); });
    root.appendChild(launch); root.appendChild(panel);

    function telLink(number, written) {
      var known = numbers.book[digits(number)];
      var a = el("a", { href: "tel:" + (known ? known.tel : number.replace(/[^+\d]/g, "")) },
                 known ? known.shown : written || number);
      return a;
    }
    // Bot text as DOM: every phone number a tel: link in its national format, every reference unbreakable.
    function richText(node, text) {
      var last = 0, m;
      numbers.pattern.lastIndex = 0;
      while ((m = numbers.pattern.exec(text)) !== null) {
        var count = digits(m[2] || "").length;
        if (m[2] && !numbers.book[digits(m[2])] && (count < 8 || count > 15)) continue;
        node.appendChild(document.createTextNode(text.slice(last, m.index)));
        node.appendChild(m[1] ? el("span", { class: "ref" }, m[1]) : telLink(m[2], m[2]));
        last = m.index + m[0].length;
      }
      node.appendChild(document.createTextNode(text.slice(last)));
    }
    function sosHtml(s) {
      sos.textContent = "";
      var parts = s.emergency.split(/(\{[eo]\})/);
      parts.forEach(function (part) {
        if (part === "{e}") sos.appendChild(telLink(cfg.emergency_number));
        else if (part === "{o}") sos.appendChild(telLink(cfg.out_of_hours_phone));
        else sos.appendChild(document.createTextNode(part));
      });
    }
    function applyLang() {
      var s = T[lang];
      panel.setAttribute("lang", lang); launch.setAttribute("lang", lang);
      launch.textContent = s.launcher; title.textContent = s.title + " · " + cfg.name;
      langBtn.textContent = s.lang; langBtn.setAttribute("title", s.langLabel);
      langBtn.setAttribute("lang", lang === "da" ? "en" : "da");
      closeBtn.textContent = "✕"; closeBtn.setAttribute("aria-label", s.close);
      inputLabel.textContent = s.input; input.setAttribute("placeholder", s.input);
      photoBtn.setAttribute("aria-label", s.photo); photoBtn.setAttribute("title", s.photo);
      sendBtn.textContent = s.send; log.setAttribute("aria-label", s.log);
      newBtn.textContent = s.newChat; newBtn.setAttribute("title", s.newChatLabel);
      tools.setAttribute("aria-label", s.tools);
      sosHtml(s);
    }
    applyLang();

    function clearQuick() { var q = log.querySelectorAll(".quick"); for (var i = 0; i < q.length; i++) q[i].remove(); }
    function bubble(who, text, photoUrl) {
      var b = el("div", { class: "msg " + (who === "tenant" ? "me" : "bot") });
      b.appendChild(el("span", { class: "sr" }, (who === "tenant" ? T[lang].you : T[lang].bot) + ": "));
      if (photoUrl) {
        var img = el("img", { alt: T[lang].photoAlt, src: photoUrl });
        b.appendChild(img);
      } else if (who === "tenant") {
        b.appendChild(document.createTextNode(text));
      } else {
        richText(b, text);
      }
      log.appendChild(b);
      log.scrollTop = log.scrollHeight;
      return b;
    }
    function quick(buttons) {
      if (!buttons || !buttons.length) return;
      var group = el("div", { class: "quick", role: "group", "aria-label": T[lang].options });
      buttons.forEach(function (btn) {
        var q = el("button", { type: "button" }, btn.title);
        q.addEventListener("click", function () { send(btn.payload || btn.title, btn.title); });
        group.appendChild(q);
      });
      log.appendChild(group);
      log.scrollTop = log.scrollHeight;
    }
    function replies(messages) {
      (messages || []).forEach(function (m, i) {
        if (m.text) bubble("bot", m.text);
        if (i === messages.length - 1) quick(m.buttons);
      });
    }
    function busy(on, label) {
      typing.textContent = on ? (label || T[lang].typing) : "";
      sendBtn.disabled = on; photoBtn.disabled = on;
    }
    function ensureSession() {
      if (saved().token) return Promise.resolve(saved().token);
      return api("/chat/session", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ association: REF || cfg.association }) }).then(function (r) {
        if (!r.token) throw new Error("no session");
        save({ token: r.token }); shownToken = r.token;
        return r.token;
      });
    }
    function send(text, shown) {
      text = (text || "").trim();
      if (!text) return;
      clearQuick();
      bubble("tenant", shown || text);
      busy(true);
      ensureSession().then(function () {
        return api("/chat/message", { method: "POST", headers: { "Content-Type": "application/json" },
          // Once the tenant has chosen a language with the switch, it goes with every message: the dialogue
          // answers in it. Before that the dialogue detects the language from what they write.
          body: JSON.stringify({ text: text, metadata: saved().lang ? { language: saved().lang } : {} }) });
      }).then(function (r) {
        busy(false);
        if (r.messages) replies(r.messages); else bubble("bot", r.error || T[lang].error);
        save({});  // tells the site's other tabs to redraw the conversation
      }).catch(function () { busy(false); bubble("bot", T[lang].error); })
        .then(function () { input.focus(); });
    }
    function sendPhoto(f) {
      if (!f) return;
      clearQuick();
      var shown = bubble("tenant", "", URL.createObjectURL(f));
      busy(true, T[lang].sending);
      ensureSession().then(function () {
        var data = new FormData();
        data.append("photo", f); data.append("lang", lang);
        return api("/chat/photo", { method: "POST", body: data });
      }).then(function (r) {
        busy(false);
        if (!r.photo) shown.remove();
        replies(r.messages || [{ text: T[lang].error }]);
      }).catch(function () { busy(false); bubble("bot", T[lang].error); })
        .then(function () { file.value = ""; photoBtn.focus(); });
    }
    function open(focus) {
      panel.hidden = false; launch.setAttribute("aria-expanded", "true"); launch.hidden = true;
      save({ open: true });
      if (!log.childNodes.length) bubble("bot", T[lang].intro);
      if (focus !== false) input.focus();
    }
    function close() {
      panel.hidden = true; launch.hidden = false; launch.setAttribute("aria-expanded", "false");
      save({ open: false }); launch.focus();
    }

    launch.addEventListener("click", function () { open(); });
    closeBtn.addEventListener("click", close);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
    langBtn.addEventListener("click", function () {
      lang = lang === "da" ? "en" : "da"; save({ lang: lang }); applyLang(); langBtn.focus();
    });
    function reset() {
      log.textContent = ""; busy(false);
      shownToken = saved().token || null;
    }
    newBtn.addEventListener("click", function () {
      save({ token: null });  // the old conversation stays on the gateway (and with staff); this tab starts anew
      reset(); bubble("bot", T[lang].intro); input.value = ""; input.focus();
    });
    photoBtn.addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () { sendPhoto(file.files[0]); });
    form.addEventListener("submit", function (e) { e.preventDefault(); var t = input.value; input.value = ""; send(t); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
    });

    var shownToken = null;
    function restore(openIt) {
      var state = saved();
      shownToken = state.token || null;
      if (!state.token) { if (openIt && state.open) open(false); return; }
      api("/chat/history").then(function (r) {
        if (r._status === 401) { save({ token: null }); return; }
        log.textContent = "";
        if ((r.messages || []).length) bubble("bot", T[lang].intro);
        (r.messages || []).forEach(function (m, i, all) {
          var url = m.photo ? BASE + m.photo : null;  // a signed, short-lived link: no token in URLs
          if (m.text || url) bubble(m.from, m.text, url);
          if (i === all.length - 1 && m.from === "bot") quick(m.buttons);
        });
        if (openIt && state.open) open(false);
      });
    }
    restore(true);
    // Another tab of the site started or continued a conversation: show the same one here.
    window.addEventListener("storage", function (e) {
      if (e.key !== KEY) return;
      var token = saved().token || null;
      if (token) { if (token !== shownToken || !sendBtn.disabled) restore(false); }
      else if (shownToken) { reset(); if (!panel.hidden) bubble("bot", T[lang].intro); }
    });
  }

  function boot() {
    if (PRESET) return start(PRESET);
    fetch(BASE + "/chat/config?association=" + encodeURIComponent(REF)).then(function (r) {
      if (!r.ok) throw new Error("chat not available for this site");
      return r.json();
    }).then(start).catch(function (e) { if (window.console) console.warn("repair chat:", e.message); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();
{% endraw %}
})();

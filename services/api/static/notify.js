// Klinik Hoaks notifications while the app is open: server-sent events from
// /notifikasi/aliran (new claims above the person's score, claims assigned to
// them) shown as a browser notification when allowed, and always as a notice
// on the page. The server answers 204 when the person's notifications are off,
// and EventSource then does not reconnect. No inline script (CSP: script-src 'self').
(() => {
  const meta = document.querySelector('meta[name="notify-stream"]');
  const url = meta?.content;

  // The account page's button: asking for permission needs a click.
  const ask = document.querySelector("[data-notify-permission]");
  if (ask && "Notification" in window && Notification.permission !== "granted") {
    ask.hidden = false;
    ask.addEventListener("click", async () => {
      const answer = await Notification.requestPermission().catch(() => "denied");
      if (answer === "granted") ask.hidden = true;
      else ask.replaceWith(Object.assign(document.createElement("p"), { textContent: ask.dataset.denied ?? "" }));
    });
  }

  if (!url || !("EventSource" in window)) return;
  let box;
  function toast(n) {
    if (!box) {
      box = document.createElement("div");
      box.className = "toasts";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.append(box);
    }
    const item = document.createElement("div");
    item.className = "toast";
    item.dataset.cluster = n.clusterId;
    const title = document.createElement("strong");
    title.textContent = n.title;
    const body = document.createElement("p");
    body.textContent = n.body;
    const open = document.createElement("a");
    open.href = n.url;
    open.textContent = meta.dataset.open ?? "";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link";
    close.textContent = meta.dataset.close ?? "×";
    close.addEventListener("click", () => item.remove());
    item.append(title, body, open, " ", close);
    box.append(item);
    while (box.children.length > 5) box.firstElementChild?.remove();
  }

  const stream = new EventSource(url);
  stream.addEventListener("claim", (ev) => {
    let n;
    try {
      n = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (!n || typeof n.url !== "string" || !n.url.startsWith("/klaster/")) return;
    toast(n);
    if ("Notification" in window && Notification.permission === "granted") {
      const note = new Notification(n.title, { body: n.body, tag: n.clusterId });
      note.addEventListener("click", () => {
        window.focus();
        location.href = n.url;
      });
    }
  });
  window.addEventListener("pagehide", () => stream.close());
})();

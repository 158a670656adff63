// Klinik Hoaks review UI: progressive enhancement only. Every action also works
// without this file (forms and links); this adds keyboard triage, claim renewal
// and the "new claims" notice. No inline script anywhere (CSP: script-src 'self').
(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const csrf = $('meta[name="csrf-token"]')?.content ?? "";
  const page = document.body.dataset.page;
  const VERDICTS = ["false", "misleading", "true", "unproven"];

  function post(url, fields) {
    const body = new URLSearchParams({ _csrf: csrf, ...fields });
    return fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { accept: "application/json", "x-csrf-token": csrf },
    });
  }

  function typing(e) {
    const el = e.target;
    return (
      e.ctrlKey ||
      e.metaKey ||
      e.altKey ||
      (el instanceof HTMLElement && el.closest("input, textarea, select, [contenteditable]"))
    );
  }

  function openExternal(url) {
    if (url && /^https?:\/\//i.test(url)) window.open(url, "_blank", "noopener,noreferrer");
  }

  const help = $("#help");
  const showHelp = () => help && !help.open && help.showModal();
  for (const b of $$("[data-open-help]")) b.addEventListener("click", showHelp);

  const live = $("#new-claims");
  function say(text) {
    if (live) live.textContent = text;
  }

  // On a phone the filters and the bulk bar fold away (open without this file).
  if (window.matchMedia?.("(max-width: 640px)").matches) {
    for (const d of $$("details[data-fold]")) d.open = false;
  }

  // ---- queue -------------------------------------------------------------
  if (page === "queue") {
    const open = () => $$("tbody tr[data-id]:not(.gone)");
    let rows = open();
    let cur = -1;
    const setCurrent = (i) => {
      rows = open();
      if (rows.length === 0) return;
      cur = Math.max(0, Math.min(i, rows.length - 1));
      for (const [n, r] of rows.entries()) r.classList.toggle("current", n === cur);
      const row = rows[cur];
      row.scrollIntoView({ block: "nearest" });
      $(".claim-link", row)?.focus({ preventScroll: true });
    };
    for (const r of rows) {
      r.addEventListener("click", (e) => {
        if (!(e.target instanceof HTMLAnchorElement)) setCurrent(open().indexOf(r));
      });
    }
    const currentRow = () => (cur >= 0 ? rows[cur] : undefined);

    const notices = $("#js-notice");
    // What a verdict did, with its undo: "Salah/Hoaks diberikan ke 1 klaim — Urungkan".
    function undoNotice(message, actionId, rowsBack) {
      if (!notices) return say(message);
      const box = document.createElement("div");
      box.className = "notice ok undo";
      box.setAttribute("role", "status");
      const text = document.createElement("span");
      text.textContent = message;
      box.append(text);
      if (actionId) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "undo-btn";
        b.textContent = notices.dataset.undo ?? "Urungkan";
        b.addEventListener("click", async () => {
          b.disabled = true;
          const res = await post("/antrean/urungkan", { aksi: actionId }).catch(() => undefined);
          const data = res ? await res.json().catch(() => ({})) : {};
          text.textContent = data?.message ?? data?.error?.message ?? `Error ${res?.status ?? ""}`;
          b.remove();
          if (res?.ok) {
            for (const row of rowsBack) {
              row.classList.remove("gone");
              row.removeAttribute("aria-hidden");
              $("input[type=checkbox]", row)?.removeAttribute("disabled");
            }
          }
        });
        box.append(" ", b);
      }
      notices.replaceChildren(box);
    }

    async function verdict(v, row = currentRow()) {
      if (!row) return;
      const res = await post(`/klaster/${row.dataset.id}/putusan`, { verdict: v });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        say(data?.error?.message ?? `Error ${res.status}`);
        return;
      }
      row.classList.add("gone");
      row.classList.remove("current");
      row.setAttribute("aria-hidden", "true");
      $("input[type=checkbox]", row)?.setAttribute("disabled", "");
      undoNotice(data.message ?? "✓", data.actionId, [row]);
      if (row === currentRow()) setCurrent(cur);
    }

    const bulk = $("#bulk");
    bulk?.addEventListener("submit", (e) => {
      const quick = e.submitter?.dataset?.quick;
      if (quick) {
        // One tap on a card's verdict: saved in place, with its undo notice.
        e.preventDefault();
        verdict(quick, e.submitter.closest("tr"));
        return;
      }
      const n = $$('input[name="ids"]:checked:not(:disabled)').length;
      const action = $("#bulk-action");
      if (n === 0) {
        e.preventDefault();
        say(bulk.dataset.none ?? "");
        return;
      }
      const label = action?.selectedOptions?.[0]?.textContent ?? "";
      // A bulk action names its verdict and its count before it runs.
      const ask = (bulk.dataset.confirm ?? "%a (%n)").replace("%n", String(n)).replace("%a", label);
      if (action?.value && !window.confirm(ask)) e.preventDefault();
    });

    document.addEventListener("keydown", (e) => {
      if (typing(e) || (help && help.open)) return;
      const k = e.key;
      if (k === "j") setCurrent(cur + 1);
      else if (k === "k") setCurrent(cur - 1);
      else if (k === "o") openExternal(currentRow()?.dataset.url);
      else if (k === "x") {
        const box = currentRow() && $("input[type=checkbox]", currentRow());
        if (box) box.checked = !box.checked;
      } else if (k === "Enter" && currentRow() && document.activeElement === document.body) {
        $(".claim-link", currentRow())?.click();
      } else if (k >= "1" && k <= "4") verdict(VERDICTS[Number(k) - 1]);
      else if (k === "?") showHelp();
      else return;
      e.preventDefault();
    });

    const all = $("[data-select-all]");
    all?.addEventListener("change", () => {
      $$('input[name="ids"]:not(:disabled)').forEach((b) => {
        b.checked = all.checked;
      });
    });

    // New claims since this page was rendered, polled every 15 s.
    if (live?.dataset.since) {
      const since = live.dataset.since;
      const label = live.dataset.label ?? "";
      const poll = async () => {
        if (document.hidden) return;
        const res = await fetch(`/antrean/baru?sejak=${encodeURIComponent(since)}`, {
          headers: { accept: "application/json" },
          credentials: "same-origin",
        }).catch(() => undefined);
        const data = res?.ok ? await res.json().catch(() => undefined) : undefined;
        if (!data || !data.count) return;
        const a = document.createElement("a");
        a.href = location.pathname + location.search;
        a.textContent = `${data.count} ${label}`;
        live.replaceChildren(a);
      };
      setInterval(poll, Number(live.dataset.every ?? 15000));
    }
  }

  // ---- one claim ---------------------------------------------------------
  const cluster = $(".cluster[data-cluster]");
  if (page === "cluster" && cluster) {
    const id = cluster.dataset.cluster;
    let locked = !!cluster.dataset.claimed;
    let timer = 0;
    // The soft lock lasts 3 minutes; renewed each minute while the analyst is here and editing.
    const renew = () => {
      if (timer) return;
      timer = setInterval(() => {
        if (!document.hidden && locked) post(`/klaster/${id}/perpanjang`, {}).catch(() => {});
      }, 60_000);
    };
    if (locked) renew();
    // Viewing never locks; starting to edit the verdict (focus or typing in its form) does.
    const startEditing = () => {
      if (locked || !cluster.dataset.free) return;
      locked = true;
      post(`/klaster/${id}/ambil`, {})
        .then((res) => {
          const banner = $("#claim-banner");
          const tpl = $("#claim-taken");
          if (!res.ok) {
            locked = false;
            return;
          }
          if (banner && tpl) {
            const [notice, release] = Array.from(tpl.content.cloneNode(true).children);
            if (release) $(".actions", cluster)?.append(release);
            if (notice) banner.replaceWith(notice);
          }
          cluster.dataset.claimed = "1";
          renew();
        })
        .catch(() => {
          locked = false;
        });
    };
    const vform = $("#verdict-form");
    vform?.addEventListener("focusin", startEditing);
    vform?.addEventListener("input", startEditing);
    // Leaving the page lets go of the lock (a verdict already did).
    window.addEventListener("pagehide", () => {
      if (locked && navigator.sendBeacon)
        navigator.sendBeacon(`/klaster/${id}/lepas`, new URLSearchParams({ _csrf: csrf }));
    });
    document.addEventListener("keydown", (e) => {
      if (typing(e) || (help && help.open)) return;
      const k = e.key;
      if (k >= "1" && k <= "4") {
        const b = $(`#verdict-form button[data-key="${k}"]`);
        if (b && !b.disabled) b.click();
      } else if (k === "o") openExternal(cluster.dataset.url);
      else if (k === "j") $("[data-next]")?.click();
      else if (k === "u") $("[data-back]")?.click();
      else if (k === "?") showHelp();
      else return;
      e.preventDefault();
    });
  }

  // ---- the clarification editor ----------------------------------------------
  // Opening the editor took the lock; it is renewed each minute while the editor stays open
  // and let go when the editor is left without a submit (a save releases it on the server;
  // search, preview and evidence steps come back to the editor and keep it).
  const editor = $("#editor[data-lock]");
  if (editor) {
    const id = editor.dataset.lock;
    let submitting = false;
    editor.addEventListener("submit", () => {
      submitting = true;
    });
    const timer = setInterval(async () => {
      if (document.hidden) return;
      const res = await post(`/klarifikasi/${id}/kunci`, {}).catch(() => undefined);
      if (res?.status === 409) {
        clearInterval(timer);
        $("#lock-state")?.removeAttribute("hidden");
      }
    }, 60_000);
    window.addEventListener("pagehide", () => {
      if (!submitting && navigator.sendBeacon)
        navigator.sendBeacon(`/klarifikasi/${id}/lepas`, new URLSearchParams({ _csrf: csrf }));
    });
  }
})();

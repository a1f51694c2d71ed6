// The review app's page: start a batch, then check and fix its products. Every fix is one request the server
// stores at once; the page holds no state of its own beyond what it last received (`doc`).

const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);
const batchId = params.get("batch");
let doc = null;
let selected = null;

/** An admin token, when the service has one: asked once, kept for this tab only. */
const token = () => sessionStorage.getItem("shelfwise-token") ?? "";

async function api(method, path, body, type) {
  const headers = {};
  if (token()) headers.authorization = `Bearer ${token()}`;
  let payload;
  if (body instanceof Blob) {
    headers["content-type"] = type || "application/octet-stream";
    payload = body;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload });
  if (res.status === 401) {
    const t = prompt("This service needs its admin token:");
    if (t) {
      sessionStorage.setItem("shelfwise-token", t);
      return api(method, path, body, type);
    }
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = new Error(data?.message ?? `${res.status} ${res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

function say(text) {
  $("#message").textContent = text ?? "";
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// ---- start page ---------------------------------------------------------------------------------------------

async function showStart() {
  $("#start").hidden = false;
  try {
    const { batches } = await api("GET", "/review/api/batches");
    const list = $("#batches");
    list.replaceChildren(
      ...batches.map((b) =>
        el(
          "li",
          {},
          el("a", { href: `/review?batch=${b.id}` }, b.name),
          ` ${b.status} · ${new Date(b.createdAt).toLocaleString()} · ${b.id}`,
        ),
      ),
    );
  } catch (e) {
    say(e.message);
  }
  const form = $("#photos-form");
  let dropped = null;
  form.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    form.classList.add("over");
  });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (ev) => {
    ev.preventDefault();
    form.classList.remove("over");
    dropped = [...ev.dataTransfer.files];
    say(`${dropped.length} photos ready to upload`);
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const files = dropped ?? [...$("#photos-input").files];
    const name = $("#photos-name").value.trim() || `photos ${new Date().toLocaleString()}`;
    if (files.length === 0) return say("choose or drop some photos first");
    try {
      const created = await api("POST", "/review/api/batches", { name });
      const id = created.batch.id;
      const bar = $("#upload-progress");
      bar.hidden = false;
      bar.max = files.length;
      for (const [i, f] of files.entries()) {
        await api("PUT", `/review/api/batches/${id}/photos/${encodeURIComponent(f.name)}`, f, f.type);
        bar.value = i + 1;
      }
      await api("POST", `/review/api/batches/${id}/start`);
      location.search = `?batch=${id}`;
    } catch (e) {
      say(e.message);
    }
  });
  $("#analysis-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = $("#analysis-input").files[0];
    if (!f) return say("choose an analysis.json first");
    let analysis;
    try {
      analysis = JSON.parse(await f.text());
    } catch (e) {
      return say(`${f.name} is not JSON: ${e.message}`);
    }
    try {
      const created = await api("POST", "/review/api/batches", { name: f.name, analysis });
      location.search = `?batch=${created.batch.id}`;
    } catch (e) {
      say(e.message);
    }
  });
  $("#open-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const id = $("#open-id").value.trim();
    if (!id) return;
    // a review batch opens as it is; a pairing job's results become review batches first
    if (/^b[a-z0-9]{4,40}$/.test(id)) {
      location.search = `?batch=${encodeURIComponent(id)}`;
      return;
    }
    try {
      const created = await api("POST", "/review/api/batches", { name: `job ${id}`, job: id });
      location.search = `?batch=${created.batch.id}`;
    } catch (e) {
      say(e.message);
    }
  });
}

// ---- review page --------------------------------------------------------------------------------------------

async function showBatch(id) {
  $("#review").hidden = false;
  for (const [sel, file] of [
    ["#export-csv", "export.csv"],
    ["#export-json", "export.json"],
    ["#export-pairing", "pairing.json"],
  ])
    $(sel).addEventListener("click", () => download(id, file));
  $("#undo").addEventListener("click", () => step("undo"));
  $("#redo").addEventListener("click", () => step("redo"));
  const zone = $("#new-product");
  droppable(zone, (url) => send({ op: "move", url, to: "new" }));
  zone.addEventListener("click", () => selected && send({ op: "move", url: selected, to: "new" }));
  document.addEventListener("keydown", onKey);
  $("#viewer").addEventListener("click", () => {
    $("#viewer").hidden = true;
  });
  try {
    for (;;) {
      doc = await api("GET", `/review/api/batches/${id}`);
      showStatus();
      if (doc.batch.status === "ready" || doc.batch.status === "failed") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (doc.batch.status === "failed" && doc.batch.hasPhotos) {
      const again = el("button", { type: "button", id: "start-again" }, "Start again");
      again.addEventListener("click", async () => {
        await api("POST", `/review/api/batches/${id}/start`);
        location.reload();
      });
      $(".toolbar").prepend(again);
    }
    render();
  } catch (e) {
    say(e.message);
  }
}

function showStatus() {
  const b = doc.batch;
  $("#batch-name").textContent = b.name;
  const bar = $("#job-progress");
  if (b.status === "analyzing") {
    bar.hidden = false;
    bar.max = Math.max(1, b.progress.total);
    bar.value = b.progress.done;
    $("#status").textContent = `reading photos ${b.progress.done} / ${b.progress.total}`;
  } else {
    bar.hidden = true;
    $("#status").textContent =
      b.status === "ready"
        ? `${doc.state.products.length} products · ${doc.state.singletons.length} photos in no product`
        : b.status === "failed"
          ? `failed: ${b.error}`
          : b.status;
  }
}

function photoSrc(url) {
  return `/review/api/batches/${doc.batch.id}/photos/${encodeURIComponent(url)}`;
}

function photo(url) {
  const img = doc.batch.hasPhotos
    ? el("img", { alt: url, loading: "lazy", src: token() ? undefined : photoSrc(url) })
    : el("div", { class: "noimg" }, "no photo");
  if (doc.batch.hasPhotos && token()) loadWithToken(img, photoSrc(url));
  const box = el(
    "div",
    {
      class: `photo${selected === url ? " selected" : ""}`,
      draggable: "true",
      "data-url": url,
      title: url,
      ondragstart: (ev) => ev.dataTransfer.setData("text/plain", url),
      onclick: (ev) => {
        ev.stopPropagation();
        selected = selected === url ? null : url;
        render();
      },
      ondblclick: () => {
        if (!doc.batch.hasPhotos) return;
        $("#viewer img").src = img.src;
        $("#viewer").hidden = false;
      },
    },
    img,
    url,
  );
  return box;
}

async function loadWithToken(img, src) {
  const res = await fetch(src, { headers: { authorization: `Bearer ${token()}` } });
  if (res.ok) img.src = URL.createObjectURL(await res.blob());
}

function droppable(target, onDrop) {
  target.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    target.classList.add("over");
  });
  target.addEventListener("dragleave", () => target.classList.remove("over"));
  target.addEventListener("drop", (ev) => {
    ev.preventDefault();
    target.classList.remove("over");
    const url = ev.dataTransfer.getData("text/plain");
    if (url) onDrop(url);
  });
}

function confidenceClass(c) {
  return c < 0.5 ? "conf low" : c < 0.9 ? "conf mid" : "conf";
}

/** The listing title the service made for a product (the same one the exports carry). */
function title(p) {
  return doc.rows.find((r) => r.product_id === p.id)?.title || "unnamed product";
}

function render() {
  showStatus();
  $("#undo").disabled = !doc.batch.canUndo;
  $("#redo").disabled = !doc.batch.canRedo;
  if (!doc.state) return;
  // the service's review order: the least certain first
  const byId = new Map(doc.state.products.map((p) => [p.id, p]));
  const products = doc.order.map((id) => byId.get(id));
  $("#products tbody").replaceChildren(...products.map(productRow));
  $("#singletons tbody").replaceChildren(
    ...doc.state.singletons.map((s) =>
      el(
        "tr",
        { class: "singleton", "data-url": s.url },
        el("td", {}, photo(s.url)),
        el("td", { class: "facts" }, el("b", {}, s.reason), ` (${s.role})`),
        el(
          "td",
          {},
          s.reason === "non_product"
            ? null
            : el("button", { onclick: () => send({ op: "not_product", url: s.url }) }, "Not a product"),
        ),
      ),
    ),
  );
}

function productRow(p) {
  const row = el(
    "tr",
    { class: "product", "data-id": p.id },
    el("td", { class: "front" }, photo(p.front)),
    el("td", { class: "back" }, p.back ? photo(p.back) : "—"),
    el("td", { class: "extras" }, ...p.extras.map(photo)),
    el(
      "td",
      { class: "facts" },
      el("b", { class: "title" }, title(p)),
      el("br"),
      el("span", { class: confidenceClass(p.confidence) }, `confidence ${p.confidence.toFixed(2)}`),
      ` · ${p.decidedBy} · ${p.category}`,
      editForm(p),
    ),
    el(
      "td",
      { class: "actions" },
      el(
        "button",
        {
          class: "swap",
          disabled: p.back ? undefined : "",
          onclick: () => send({ op: "swap", product: p.id }),
        },
        "Swap",
      ),
      el(
        "button",
        {
          class: "split",
          disabled: p.back || p.extras.length ? undefined : "",
          onclick: () => send({ op: "split", product: p.id }),
        },
        "Split",
      ),
      selected
        ? el(
            "button",
            { class: "move-here", onclick: () => send({ op: "move", url: selected, to: p.id }) },
            "Move here",
          )
        : null,
    ),
  );
  droppable(row, (url) => send({ op: "move", url, to: p.id }));
  return row;
}

function editForm(p) {
  const input = (field, value, label) =>
    el(
      "label",
      {},
      `${label} `,
      el("input", { name: field, value: value ?? "", "aria-label": `${label} of ${p.id}` }),
    );
  const form = el(
    "form",
    {
      class: "edit",
      onsubmit: (ev) => {
        ev.preventDefault();
        const f = new FormData(ev.target);
        send({ op: "edit", product: p.id, brand: f.get("brand"), name: f.get("name"), size: f.get("size") });
      },
    },
    input("brand", p.brand, "brand"),
    input("name", p.name, "name"),
    input("size", p.size, "size"),
    el("button", { type: "submit" }, "Save"),
  );
  return el("details", {}, el("summary", {}, "edit"), form);
}

async function send(edit) {
  selected = null;
  try {
    doc = await api("POST", `/review/api/batches/${doc.batch.id}/edits`, {
      version: doc.batch.version,
      edit,
    });
    say("");
  } catch (e) {
    say(e.message);
    if (e.status === 409) doc = await api("GET", `/review/api/batches/${doc.batch.id}`);
  }
  render();
}

async function step(which) {
  try {
    doc = await api("POST", `/review/api/batches/${doc.batch.id}/${which}`, { version: doc.batch.version });
    say("");
  } catch (e) {
    say(e.message);
    if (e.status === 409) doc = await api("GET", `/review/api/batches/${doc.batch.id}`);
  }
  render();
}

function onKey(ev) {
  if (ev.target instanceof HTMLInputElement) return;
  const key = ev.key.toLowerCase();
  if ((ev.ctrlKey || ev.metaKey) && key === "z") {
    ev.preventDefault();
    step(ev.shiftKey ? "redo" : "undo");
  } else if ((ev.ctrlKey || ev.metaKey) && key === "y") {
    ev.preventDefault();
    step("redo");
  } else if (key === "escape") {
    selected = null;
    $("#viewer").hidden = true;
    render();
  } else if (selected && key === "n") send({ op: "move", url: selected, to: "new" });
  else if (selected && key === "x") send({ op: "not_product", url: selected });
}

async function download(id, file) {
  try {
    const res = await fetch(`/review/${id}/${file}`, {
      headers: token() ? { authorization: `Bearer ${token()}` } : {},
    });
    if (!res.ok) throw new Error((await res.json()).message);
    const a = el("a", { href: URL.createObjectURL(await res.blob()), download: `${doc.batch.name}-${file}` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    say(e.message);
  }
}

if (batchId) showBatch(batchId);
else showStart();

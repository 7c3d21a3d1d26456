/* netjobs web UI: theme toggle, searchable object dropdowns, live log helpers, bulk selection.
 *
 * Everything here is progressive enhancement: every page works without JavaScript except live streaming
 * (htmx) and the dropdown search; the server validates everything again.
 */
(function () {
  "use strict";

  const THEME_KEY = "netjobs-theme";
  const LOG_MAX_ROWS = 1000; // rows kept in the DOM while streaming; older ones are dropped

  /* --- theme ------------------------------------------------------------------------------------------- */
  function currentTheme() {
    return document.documentElement.getAttribute("data-bs-theme") || "light";
  }

  function applyTheme(theme) {
    document.documentElement.setAttribute("data-bs-theme", theme);
    document.querySelectorAll("[data-theme-toggle]").forEach((button) => {
      const next = theme === "dark" ? "light" : "dark";
      button.setAttribute("aria-label", `Switch to ${next} theme`);
      button.setAttribute("title", `Switch to ${next} theme`);
      button.querySelectorAll("[data-theme-icon]").forEach((icon) => {
        icon.hidden = icon.getAttribute("data-theme-icon") !== theme;
      });
    });
  }

  function initTheme() {
    applyTheme(currentTheme());
    document.querySelectorAll("[data-theme-toggle]").forEach((button) => {
      button.addEventListener("click", () => {
        const theme = currentTheme() === "dark" ? "light" : "dark";
        try {
          localStorage.setItem(THEME_KEY, theme);
        } catch (e) {
          /* private mode: the choice lasts for this page only */
        }
        applyTheme(theme);
      });
    });
  }

  /* --- searchable object dropdowns (ObjectVar / MultiObjectVar) ------------------------------------------ */
  function fieldValues(element) {
    if (!element) return [];
    if (element instanceof RadioNodeList) {
      return Array.from(element).filter((e) => e.checked).map((e) => e.value);
    }
    if (element.tagName === "SELECT") {
      return Array.from(element.selectedOptions).map((o) => o.value).filter((v) => v !== "");
    }
    if (element.type === "checkbox") return element.checked ? [element.value || "true"] : [];
    return element.value ? [element.value] : [];
  }

  function initObjectSelect(select) {
    if (select.dataset.njReady) return;
    select.dataset.njReady = "1";
    const form = select.form;
    const baseUrl = (form && form.dataset.optionsUrl) || "/ui/options/";
    const model = select.dataset.model;
    const displayField = select.dataset.displayField || "display";
    let params = {};
    try {
      params = JSON.parse(select.dataset.queryParams || "{}");
    } catch (e) {
      params = {};
    }
    const label = document.querySelector(`label[for="${select.id}"]`);
    let labelText = "options";
    if (label) {
      const copy = label.cloneNode(true);
      copy.querySelectorAll(".visually-hidden, [aria-hidden='true']").forEach((e) => e.remove());
      labelText = copy.textContent.trim();
    }

    const wrapper = document.createElement("div");
    wrapper.className = "object-select";
    const search = document.createElement("input");
    search.type = "search";
    search.id = `${select.id}_search`;
    search.className = "form-control form-control-sm";
    search.placeholder = `Search ${labelText.toLowerCase()}…`;
    search.autocomplete = "off";
    search.setAttribute("aria-label", `Search ${labelText}`);
    search.setAttribute("aria-controls", select.id);
    const status = document.createElement("div");
    status.id = `${select.id}_status`;
    status.className = "form-text options-status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(wrapper, select);
    wrapper.append(search, select, status);
    select.setAttribute("aria-describedby", `${status.id} ${select.getAttribute("aria-describedby") || ""}`.trim());

    const emptyOption = !select.multiple ? select.querySelector('option[value=""]') : null;
    const dependencies = [];
    Object.values(params).forEach((raw) => {
      (Array.isArray(raw) ? raw : [raw]).forEach((value) => {
        if (typeof value === "string" && value.startsWith("$")) dependencies.push(value.slice(1));
      });
    });

    function query(text) {
      const usp = new URLSearchParams();
      Object.entries(params).forEach(([key, raw]) => {
        (Array.isArray(raw) ? raw : [raw]).forEach((value) => {
          if (typeof value === "string" && value.startsWith("$")) {
            fieldValues(form.elements[value.slice(1)]).forEach((v) => usp.append(key, v));
          } else if (value !== null && value !== undefined) {
            usp.append(key, String(value));
          }
        });
      });
      if (text) usp.set("q", text);
      if (displayField !== "display") usp.set("display", displayField);
      return usp.toString();
    }

    let controller = null;
    async function load(text, { keepSelection }) {
      if (controller) controller.abort();
      controller = new AbortController();
      select.setAttribute("aria-busy", "true");
      status.textContent = "Loading…";
      let data;
      try {
        const response = await fetch(`${baseUrl}${model}/?${query(text)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        data = await response.json();
        if (!response.ok) throw new Error(data.error || response.statusText);
      } catch (error) {
        if (error.name === "AbortError") return;
        status.textContent = `Could not load options: ${error.message}`;
        select.removeAttribute("aria-busy");
        return;
      }
      const before = Array.from(select.selectedOptions).filter((o) => o.value !== "");
      const found = new Set(data.results.map((r) => String(r.id)));
      const kept = keepSelection ? before : before.filter((o) => found.has(o.value));
      const keptValues = new Set(kept.map((o) => o.value));
      const options = [];
      if (emptyOption) options.push(emptyOption);
      kept.forEach((o) => options.push(o));
      data.results.forEach((r) => {
        if (keptValues.has(String(r.id))) return;
        const option = document.createElement("option");
        option.value = String(r.id);
        option.textContent = r.display;
        options.push(option);
      });
      select.replaceChildren(...options);
      kept.forEach((o) => {
        o.selected = true;
      });
      if (emptyOption && kept.length === 0) emptyOption.selected = true;
      const count = data.results.length;
      status.textContent =
        count === 0
          ? "No matching objects."
          : data.more
            ? `Showing the first ${count} matches; type to narrow the list.`
            : `${count} option${count === 1 ? "" : "s"}.`;
      select.removeAttribute("aria-busy");
      if (before.length !== kept.length) {
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => load(search.value.trim(), { keepSelection: true }), 250);
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    dependencies.forEach((name) => {
      const other = form.elements[name];
      const targets = other instanceof RadioNodeList ? Array.from(other) : other ? [other] : [];
      targets.forEach((target) =>
        target.addEventListener("change", () => {
          search.value = "";
          load("", { keepSelection: false });
        }),
      );
    });
    load("", { keepSelection: true });
  }

  /* --- the run log ---------------------------------------------------------------------------------------- */
  function trimLog() {
    const rows = document.getElementById("log-rows");
    if (!rows) return;
    const lines = rows.querySelectorAll(".log-row[data-id]");
    const extra = lines.length - LOG_MAX_ROWS;
    if (extra > 0) {
      for (let i = 0; i < extra; i++) lines[i].remove();
      const note = document.getElementById("log-trimmed");
      if (note) note.hidden = false;
    }
  }

  function followLog() {
    const follow = document.getElementById("log-follow");
    const box = document.getElementById("log-scroll");
    if (follow && follow.checked && box) box.scrollTop = box.scrollHeight;
  }

  /* --- bulk selection in tables ----------------------------------------------------------------------------- */
  function initBulkSelect(root) {
    root.querySelectorAll("[data-select-all]").forEach((all) => {
      if (all.dataset.njReady) return;
      all.dataset.njReady = "1";
      const form = all.form;
      const boxes = () => Array.from(form.querySelectorAll('input[type="checkbox"][name="pk"]'));
      const update = () => {
        const checked = boxes().filter((b) => b.checked).length;
        form.querySelectorAll("[data-bulk-action]").forEach((button) => {
          button.disabled = checked === 0;
          const count = button.querySelector("[data-bulk-count]");
          if (count) count.textContent = checked ? ` (${checked})` : "";
        });
        all.checked = checked > 0 && checked === boxes().length;
        all.indeterminate = checked > 0 && checked < boxes().length;
      };
      all.addEventListener("change", () => {
        boxes().forEach((b) => {
          b.checked = all.checked;
        });
        update();
      });
      form.addEventListener("change", (event) => {
        if (event.target.name === "pk") update();
      });
      update();
    });
  }

  function initConfirm(root) {
    root.querySelectorAll("form[data-confirm]").forEach((form) => {
      if (form.dataset.njReady) return;
      form.dataset.njReady = "1";
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }

  /* --- parts of a form shown only for some values of a field: data-show-when="field:value1,value2" ---- */
  function initShowWhen(root) {
    root.querySelectorAll("[data-show-when]").forEach((element) => {
      if (element.dataset.njReady) return;
      element.dataset.njReady = "1";
      const [name, values] = element.dataset.showWhen.split(":");
      const form = element.closest("form");
      const field = form && form.elements[name];
      if (!field) return;
      const wanted = values.split(",");
      const update = () => {
        element.hidden = !wanted.includes(field.value);
      };
      field.addEventListener("change", update);
      update();
    });
  }

  function init(root) {
    root.querySelectorAll("select[data-model]").forEach(initObjectSelect);
    initShowWhen(root);
    initBulkSelect(root);
    initConfirm(root);
  }

  document.addEventListener("DOMContentLoaded", () => {
    initTheme();
    init(document);
    followLog();
  });
  document.addEventListener("htmx:afterSettle", () => {
    init(document); // idempotent; an outerHTML swap's event target is the detached old element
    trimLog();
    followLog();
  });
})();

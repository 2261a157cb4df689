// The patient's status page: code + IIN are sent in a POST body only.
"use strict";
(function () {
  const catalogues = JSON.parse(document.getElementById("catalogues").textContent);
  let language = document.documentElement.lang;
  let lastResult = null;
  let lastMessage = null;

  const t = (key, values) => {
    const text = (catalogues[language] || {})[key] || catalogues.en[key] || key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (values && name in values ? values[name] : ""));
  };
  const $ = (id) => document.getElementById(id);

  function applyLanguage(next) {
    language = next;
    document.documentElement.lang = next;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-lang]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.lang === next));
    });
    if (lastResult) renderResult(lastResult, false);
    if (lastMessage) showMessage(lastMessage.key, lastMessage.values, false);
  }

  function formatDate(iso) {
    if (!iso) return "";
    const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
    return t("date.format", { day: day, month: t("month." + month), year: year });
  }

  function formatBand(band) {
    const earliest = formatDate(band.earliest);
    const latest = formatDate(band.latest);
    return earliest === latest ? earliest : t("result.window_value", { earliest: earliest, latest: latest });
  }

  function setRow(row, value) {
    $("row-" + row).hidden = !value;
    $("r-" + row).textContent = value || "";
  }

  function changedText(changed) {
    if (!changed || !changed.reason) return "";
    const key = "changed." + changed.reason;
    return (catalogues[language] || {})[key] ? t(key, changed) : t("changed.unknown");
  }

  function renderResult(result, moveFocus) {
    $("r-status").textContent = t("status." + result.status);
    setRow("position", result.position
      ? t("result.position_value", { position: result.position, queue_length: result.queue_length })
      : "");
    const band = result.estimated_admission;
    setRow("window", band && !result.scheduled_date ? formatBand(band) : "");
    setRow("scheduled", formatDate(result.scheduled_date));
    const hospital = result.hospital;
    setRow("hospital", hospital ? [hospital.name, hospital.address, hospital.phone].filter(Boolean).join(", ") : "");
    setRow("changed", changedText(result.changed));
    $("r-next").textContent = t("help." + result.status);
    setRow("updated", result.updated_at ? formatDate(result.updated_at) : "");
    $("result").hidden = false;
    if (moveFocus) $("result-heading").focus();
  }

  function showMessage(key, values, moveFocus) {
    lastMessage = key ? { key: key, values: values } : null;
    $("message").hidden = !key;
    $("message").textContent = key ? t(key, values) : "";
    if (key && moveFocus) $("message").focus();
  }

  async function lookup(event) {
    event.preventDefault();
    const code = $("code").value.trim().toUpperCase();
    const iin = $("iin").value.replace(/\D/g, "");
    showMessage(null);
    if (!code || iin.length !== 12) {
      showMessage("error.invalid", {}, true);
      return;
    }
    const button = $("submit");
    button.disabled = true;
    button.textContent = t("form.busy");
    try {
      const response = await fetch("/v1/queue/lookup", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept-Language": language },
        body: JSON.stringify({ code: code, iin: iin }),
        credentials: "omit",
        cache: "no-store",
      });
      if (response.ok) {
        lastResult = await response.json();
        renderResult(lastResult, true);
      } else {
        lastResult = null;
        $("result").hidden = true;
        if (response.status === 429) {
          showMessage("error.rate_limited", { seconds: response.headers.get("Retry-After") || "60" }, true);
        } else if (response.status === 404) {
          showMessage("error.not_found", {}, true);
        } else {
          showMessage("error.invalid", {}, true);
        }
      }
    } catch (error) {
      showMessage("error.network", {}, true);
    } finally {
      button.disabled = false;
      button.textContent = t("form.submit");
    }
  }

  document.querySelectorAll("[data-lang]").forEach((button) => {
    button.addEventListener("click", () => applyLanguage(button.dataset.lang));
  });
  $("lookup").addEventListener("submit", lookup);
  applyLanguage(language);
})();

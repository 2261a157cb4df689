// The patient's status page: code + IIN (and a one-time code) go in a POST body only.
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
    if (!$("otp-step").hidden) tickResend();
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

  // Once a code's guesses are spent the service asks for a one-time code,
  // sent to the contact on file; a new one can be asked for once a minute.
  let resendUntil = 0;
  let resendTimer = null;

  function tickResend() {
    const left = Math.ceil((resendUntil - Date.now()) / 1000);
    $("resend").disabled = left > 0;
    $("resend-wait").textContent = left > 0 ? t("form.otp.wait", { seconds: left }) : "";
    if (left <= 0) clearInterval(resendTimer);
  }

  function showOtpStep(resendAfter) {
    $("otp-step").hidden = false;
    if (resendAfter === undefined) return;
    resendUntil = Date.now() + resendAfter * 1000;
    clearInterval(resendTimer);
    resendTimer = setInterval(tickResend, 1000);
    tickResend();
  }

  function hideOtpStep() {
    $("otp-step").hidden = true;
    $("otp").value = "";
    clearInterval(resendTimer);
  }

  async function refused(response, resent) {
    const error = ((await response.json().catch(() => ({}))) || {}).error || {};
    if (response.status === 403 && error.code === "verification_required") {
      showOtpStep(Number(error.resend_after_s) || 60);
      showMessage(resent ? "verification.resent" : "verification.required", {}, false);
      $("otp").focus();
    } else if (response.status === 403 && error.code === "verification_failed") {
      showOtpStep();
      showMessage("error.otp_wrong", {}, true);
    } else if (response.status === 429) {
      showMessage("error.rate_limited", { seconds: response.headers.get("Retry-After") || "60" }, true);
    } else if (response.status === 404) {
      showMessage("error.not_found", {}, true);
    } else {
      showMessage("error.invalid", {}, true);
    }
  }

  function requestBody(resent) {
    const body = { code: $("code").value.trim().toUpperCase(), iin: $("iin").value.replace(/\D/g, "") };
    if (!body.code || body.iin.length !== 12) return { error: "error.invalid" };
    if ($("otp-step").hidden || resent) return body;
    body.one_time_code = $("otp").value.replace(/\D/g, "");
    return body.one_time_code.length === 6 ? body : { error: "error.otp_invalid" };
  }

  async function send(resent) {
    showMessage(null);
    const body = requestBody(resent);
    if (body.error) {
      showMessage(body.error, {}, true);
      return;
    }
    const button = $("submit");
    button.disabled = true;
    button.textContent = t("form.busy");
    try {
      const response = await fetch("/v1/queue/lookup", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept-Language": language },
        body: JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
      });
      if (response.ok) {
        hideOtpStep();
        lastResult = await response.json();
        renderResult(lastResult, true);
      } else {
        lastResult = null;
        $("result").hidden = true;
        await refused(response, resent);
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
  $("lookup").addEventListener("submit", (event) => {
    event.preventDefault();
    send(false);
  });
  $("resend").addEventListener("click", () => send(true));
  ["code", "iin"].forEach((id) => $(id).addEventListener("input", hideOtpStep));
  applyLanguage(language);
})();

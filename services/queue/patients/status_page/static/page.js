// The patient's status page: code + IIN (and a one-time code) go in a POST body only.
// Without JavaScript the same forms post to the server, which answers with the page.
"use strict";
(function () {
  const catalogues = JSON.parse(document.getElementById("catalogues").textContent);
  let language = document.documentElement.lang;
  let lastResult = null;
  let lastMessage = null;
  let lastBody = null;
  let asked = 0; // the latest lookup or cancel: an older answer arriving late is dropped

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
    document.querySelectorAll("input[name=lang]").forEach((input) => { input.value = next; });
    if (lastResult) renderResult(lastResult, false);
    if (lastMessage) showMessage(lastMessage.key, lastMessage.values, false);
    if (!$("otp-step").hidden) tickResend();
  }

  function formatDate(iso) {
    if (!iso) return "";
    const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
    return t("date.format", { day: day, month: t("month." + month), year: year });
  }

  // Past the horizon an estimate has no latest day: not before its earliest,
  // possibly later than the horizon.
  function formatBand(band) {
    const earliest = formatDate(band.earliest);
    if (!band.latest) {
      const horizon = band.horizon || band.earliest;
      return band.earliest >= horizon
        ? t("result.window_after", { earliest: earliest })
        : t("result.window_beyond", { earliest: earliest, horizon: formatDate(horizon) });
    }
    const latest = formatDate(band.latest);
    return earliest === latest ? earliest : t("result.window_value", { earliest: earliest, latest: latest });
  }

  function windowText(result) {
    const band = result.estimated_admission;
    if (band && !result.scheduled_date) return formatBand(band);
    return result.status === "waiting" ? t("result.window_unknown") : "";
  }

  // An entry closed by an emergency admission is an admission, not a cancellation.
  function statusKey(result) {
    return result.reason_code === "admitted_elsewhere" ? "admitted_elsewhere" : result.status;
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

  // The bed profile's maximum wait (never named), and shorter queues nearby.
  function guaranteeText(found) {
    if (!found) return "";
    const value = t("result.guarantee_value", { days: found.max_wait_days, deadline: formatDate(found.deadline) });
    return value + ". " + t("guarantee." + found.flag);
  }

  function alternativesText(found) {
    return ((found && found.alternatives) || []).map((a) => t("result.alternative_value", {
      hospital: [a.name, a.address, a.phone].filter(Boolean).join(", "),
      position: a.position,
      window: formatBand(a.estimated_admission),
    })).join("; ");
  }

  function renderResult(result, moveFocus) {
    const key = statusKey(result);
    $("r-status").textContent = t("status." + key);
    setRow("position", result.position
      ? t("result.position_value", { position: result.position, queue_length: result.queue_length })
      : "");
    setRow("window", windowText(result));
    setRow("scheduled", formatDate(result.scheduled_date));
    const label = key === "admitted_elsewhere" ? "result.hospital_admitting" : "result.hospital";
    $("hospital-label").dataset.i18n = label;
    $("hospital-label").textContent = t(label);
    const hospital = result.hospital;
    setRow("hospital", hospital ? [hospital.name, hospital.address, hospital.phone].filter(Boolean).join(", ") : "");
    setRow("guarantee", guaranteeText(result.wait_guarantee));
    setRow("alternatives", alternativesText(result.wait_guarantee));
    setRow("changed", changedText(result.changed));
    $("r-next").textContent = t("help." + key);
    setRow("updated", result.updated_at ? formatDate(result.updated_at) : "");
    $("leave").hidden = !result.cancellable;
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
    $("resend-step").hidden = false;
    if (resendAfter === undefined) return;
    resendUntil = Date.now() + resendAfter * 1000;
    clearInterval(resendTimer);
    resendTimer = setInterval(tickResend, 1000);
    tickResend();
  }

  function hideOtpStep() {
    $("otp-step").hidden = true;
    $("resend-step").hidden = true;
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
    } else if (response.status === 409) {
      showMessage("error.not_cancellable", {}, true);
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

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": language },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
  }

  async function send(resent) {
    asked += 1;
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
      const response = await post("/v1/queue/lookup", body);
      if (response.ok) {
        hideOtpStep();
        lastBody = body;
        lastResult = await response.json();
        $("leave").open = false;
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

  // Leaving the queue: the reason chosen, then confirmed; the page then shows the new state.
  async function leave() {
    asked += 1;
    showMessage(null);
    const chosen = document.querySelector("#leave-form input[name=reason_code]:checked");
    if (!chosen) {
      showMessage("error.reason_missing", {}, true);
      return;
    }
    const button = $("leave-confirm");
    button.disabled = true;
    try {
      const response = await post("/v1/queue/cancel", Object.assign({}, lastBody, { reason_code: chosen.value }));
      if (response.ok) {
        lastResult = await response.json();
        $("leave").open = false;
        renderResult(lastResult, false);
        showMessage("leave.done", {}, true);
      } else {
        await refused(response, false);
      }
    } catch (error) {
      showMessage("error.network", {}, true);
    } finally {
      button.disabled = false;
    }
  }

  // The hospital's name and address come in the lookup's language: another language asks again
  // (as the page without JavaScript does); until then, or if that fails, the result stays as shown.
  async function renamed() {
    const mine = ++asked;
    try {
      const response = await post("/v1/queue/lookup", lastBody);
      if (!response.ok) return;
      const result = await response.json();
      if (mine !== asked) return;
      lastResult = result;
      renderResult(lastResult, false);
    } catch (error) {
      // the result stays in the language it came in
    }
  }

  document.querySelectorAll("[data-lang]").forEach((button) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      applyLanguage(button.dataset.lang);
      if (lastResult && lastResult.hospital && lastBody) renamed();
    });
  });
  $("lookup").addEventListener("submit", (event) => {
    event.preventDefault();
    send(Boolean(event.submitter && event.submitter.id === "resend"));
  });
  $("leave-form").addEventListener("submit", (event) => {
    if (!lastBody) return; // a page the server filled in: its form posts itself
    event.preventDefault();
    leave();
  });
  ["code", "iin"].forEach((id) => $(id).addEventListener("input", hideOtpStep));
  applyLanguage(language);
})();

// E-legitimation in the browser, for logging in and for signing: start an order,
// show the QR code or the app link, poll until the app answers, then go on: back to
// where the resident came from (login) or by posting the page's form (signing).
// The server holds no state: every call carries the sealed transaction.
(function () {
  "use strict";

  function init(root) {
    var api = root.dataset.api;
    var startUrl = root.dataset.start || api + "/start";
    var doneForm = root.querySelector("form.etjanster-eid-done");
    var qrUrl = root.dataset.qr;
    var cameFrom = root.dataset.cameFrom;
    var methods = root.querySelector(".etjanster-eid-methods");
    var progress = root.querySelector(".etjanster-eid-progress");
    var status = root.querySelector(".etjanster-eid-status");
    var qr = root.querySelector(".etjanster-eid-qr");
    var openApp = root.querySelector(".etjanster-eid-open-app");
    var cancel = root.querySelector(".etjanster-eid-cancel");
    var transaction = null;
    var pollTimer = null;
    var qrTimer = null;
    var frame = 0;

    function post(action, body) {
      return fetch(action === "start" ? startUrl : api + "/" + action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error((data.error && data.error.message) || response.statusText);
          }
          return data;
        });
      });
    }

    function say(text) {
      status.textContent = text;
    }

    function stopTimers() {
      window.clearTimeout(pollTimer);
      window.clearInterval(qrTimer);
      pollTimer = qrTimer = null;
    }

    function reset(text) {
      stopTimers();
      transaction = null;
      qr.hidden = true;
      openApp.hidden = true;
      methods.hidden = false;
      if (text) {
        say(text);
        progress.hidden = false;
        cancel.hidden = true;
        status.focus();
      } else {
        progress.hidden = true;
      }
    }

    function refreshQr() {
      frame += 1;
      qr.src = qrUrl + "?transaction=" + encodeURIComponent(transaction) + "&frame=" + frame;
    }

    function poll(delay) {
      pollTimer = window.setTimeout(function () {
        post("collect", { transaction: transaction })
          .then(function (answer) {
            if (answer.transaction) {
              transaction = answer.transaction; // restarted silently
            }
            if (answer.message) {
              say(answer.message.text);
            }
            if (answer.status === "complete") {
              stopTimers();
              qr.hidden = true;
              if (doneForm) {
                doneForm.submit();
              } else {
                window.location.assign(answer.cameFrom || cameFrom);
              }
            } else if (answer.status === "failed") {
              reset(answer.message ? answer.message.text : "");
            } else {
              poll(2000);
            }
          })
          .catch(function (error) {
            reset(error.message);
          });
      }, delay);
    }

    function start(button) {
      var device = button.dataset.device;
      methods.hidden = true;
      progress.hidden = false;
      cancel.hidden = false;
      say("");
      post("start", { provider: button.dataset.provider, device: device, cameFrom: cameFrom })
        .then(function (answer) {
          transaction = answer.transaction;
          if (device === "other") {
            qr.hidden = false;
            refreshQr();
            qrTimer = window.setInterval(refreshQr, 1000);
          } else if (answer.autoStartUrl) {
            openApp.href = answer.autoStartUrl;
            openApp.hidden = false;
            openApp.focus();
          }
          poll(answer.pollAfterMs || 2000);
        })
        .catch(function (error) {
          reset(error.message);
        });
    }

    status.setAttribute("tabindex", "-1");
    root.querySelectorAll(".etjanster-eid-start").forEach(function (button) {
      button.addEventListener("click", function () {
        start(button);
      });
    });
    cancel.addEventListener("click", function () {
      var pending = transaction;
      stopTimers();
      if (!pending) {
        reset("");
        return;
      }
      post("cancel", { transaction: pending })
        .then(function (answer) {
          reset(answer.message ? answer.message.text : "");
        })
        .catch(function () {
          reset("");
        });
    });
  }

  function initAll() {
    document.querySelectorAll(".etjanster-eid-flow").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();

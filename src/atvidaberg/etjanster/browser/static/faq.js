// Open the question that a link points at (…/fragor-och-svar#question-id), also when
// the fragment changes on the same page. Without JavaScript every question still opens
// with a click or Enter, since <details> needs no script.
(function () {
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.querySelector("summary").focus();
    }
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();

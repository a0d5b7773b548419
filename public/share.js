// The share page's one script (see app/src/pages/shared_plan_page.rs).
//
// A new plan's creator arrives at /p/ID#edit=TOKEN: the token moves from the fragment (which
// browsers never send to a server) into this browser's local storage, and the fragment is
// removed from the address. When this browser holds the plan's token, the page shows "Edit",
// the edit link to copy, and "Delete" (whose form gets the token); otherwise only "Fork".
(function () {
  'use strict';
  var root = document.querySelector('[data-plan-id]');
  if (!root) return;
  var id = root.getAttribute('data-plan-id');
  var key = 'regionwise:edit:' + id;
  var storage = null;
  try { storage = window.localStorage; } catch (e) { storage = null; }

  var match = /^#edit=([A-Za-z0-9_-]{20,100})$/.exec(window.location.hash);
  if (match) {
    if (storage) storage.setItem(key, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  var token = match ? match[1] : (storage ? storage.getItem(key) : null);
  if (!token) return;

  document.querySelectorAll('[data-editable]').forEach(function (element) {
    element.hidden = false;
  });
  var editLink = window.location.origin + '/p/' + id + '#edit=' + token;
  document.querySelectorAll('[data-edit-link]').forEach(function (input) {
    input.value = editLink;
    input.addEventListener('focus', function () { input.select(); });
  });
  document.querySelectorAll('[data-edit-token]').forEach(function (input) {
    input.value = token;
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();

// The share page's one script (see app/src/pages/shared_plan_page.rs).
//
// A new plan's creator arrives at /p/ID#edit=TOKEN: the token moves from the fragment (which
// browsers never send to a server) into this browser's local storage, and the fragment is
// removed from the address. A token from a link is kept only once the server confirms it may
// edit this plan (GET /api/v1/plans/ID/edit-access), so a wrong or stale link never replaces
// a token that works; the page says when a link's token was refused. When this browser holds
// the plan's token, the page shows "Edit", the edit link to copy, and "Delete" (whose form
// gets the token); otherwise only "Fork".
(function () {
  'use strict';
  var root = document.querySelector('[data-plan-id]');
  if (!root) return;
  var id = root.getAttribute('data-plan-id');
  var key = 'regionwise:edit:' + id;
  var storage = null;
  try { storage = window.localStorage; } catch (e) { storage = null; }
  var stored = storage ? storage.getItem(key) : null;

  var match = /^#edit=([A-Za-z0-9_-]{20,100})$/.exec(window.location.hash);
  if (!match) {
    if (stored) grantEditing(stored);
    return;
  }
  history.replaceState(null, '', window.location.pathname + window.location.search);
  var offered = match[1];
  if (offered === stored) {
    grantEditing(stored);
    return;
  }
  fetch('/api/v1/plans/' + encodeURIComponent(id) + '/edit-access', {
    headers: { Authorization: 'Bearer ' + offered },
    credentials: 'omit',
  }).then(function (response) {
    if (response.status === 204) {
      if (storage) storage.setItem(key, offered);
      grantEditing(offered);
      return;
    }
    if (stored) grantEditing(stored);
    // 401/403: the link's token is not this plan's; anything else: it could not be checked.
    refused(response.status === 401 || response.status === 403
      ? 'The edit link you opened does not belong to this plan, so it was not kept.' +
        (stored ? ' This browser keeps the edit token it already had.' : '')
      : 'The edit link could not be checked just now (HTTP ' + response.status + '); reload the link to try again.');
  }, function () {
    if (stored) grantEditing(stored);
    refused('The edit link could not be checked (no answer from the server); reload the link to try again.');
  });

  function refused(message) {
    document.querySelectorAll('[data-edit-refused]').forEach(function (element) {
      element.textContent = message;
      element.hidden = false;
    });
  }

  function grantEditing(token) {
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
  }
})();

// Small enhancements of pages that work without JavaScript. Self-hosted and loaded with `defer`, so the
// Content-Security-Policy stays `script-src 'self'` with no inline script.
(function () {
  'use strict';

  // After a refused form the page is the answer to a POST: a reload would post the form again. Putting the
  // form's own address in its place makes a reload open the form's page instead (a GET).
  var reloadUrl = document.body.getAttribute('data-reload-url');
  if (reloadUrl) window.history.replaceState(null, '', reloadUrl);

  // The list of problems of a refused form gets the focus, so a screen reader reads it at once.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();

  // An irreversible action asks in a dialog instead of on a page of its own. Without JavaScript (or without
  // <dialog>), the server asks on a page; either way the form goes on only with confirmed=yes.
  if (typeof HTMLDialogElement !== 'function') return;
  var dialog = null;

  function confirmDialog() {
    if (dialog) return dialog;
    dialog = document.createElement('dialog');
    dialog.className = 'confirm-dialog';
    dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
    dialog.setAttribute('aria-describedby', 'confirm-dialog-message');
    dialog.innerHTML =
      '<form method="dialog">' +
      '<h2 id="confirm-dialog-title"></h2>' +
      '<p id="confirm-dialog-message"></p>' +
      '<div class="button-row">' +
      '<button type="submit" class="warning" value="confirm"></button>' +
      '<button type="submit" class="secondary" value="cancel">No, go back</button>' +
      '</div></form>';
    document.body.appendChild(dialog);
    return dialog;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm-title')) return;
    if (form.querySelector('input[name="confirmed"]')) return;
    event.preventDefault();
    // The button pressed says which action a form of several buttons asks for (request changes, approve…);
    // submitting again with it keeps its name and value in what is sent.
    var submitter = event.submitter;
    var box = confirmDialog();
    box.querySelector('#confirm-dialog-title').textContent = form.getAttribute('data-confirm-title');
    box.querySelector('#confirm-dialog-message').textContent = form.getAttribute('data-confirm-message');
    box.querySelector('button[value="confirm"]').textContent = form.getAttribute('data-confirm-label');
    box.returnValue = '';
    box.onclose = function () {
      if (box.returnValue !== 'confirm') return;
      var confirmed = document.createElement('input');
      confirmed.type = 'hidden';
      confirmed.name = 'confirmed';
      confirmed.value = 'yes';
      form.appendChild(confirmed);
      if (submitter && typeof form.requestSubmit === 'function') form.requestSubmit(submitter);
      else form.submit();
    };
    box.showModal();
    // The safe choice has the focus, as a slip of the Enter key should not confirm.
    box.querySelector('button[value="cancel"]').focus();
  });
})();

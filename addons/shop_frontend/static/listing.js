/* Applies the sort order and the filters of a listing as soon as they are
   changed, and hides the button that applies them: without this script
   the button stays. */
(function () {
  'use strict';
  var form = document.querySelector('form[data-apply-on-change]');
  if (!form || !form.requestSubmit) {
    return;
  }
  var button = form.querySelector('[data-apply]');
  if (button) {
    button.hidden = true;
  }
  form.addEventListener('change', function () {
    form.requestSubmit();
  });
}());

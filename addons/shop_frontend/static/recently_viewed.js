/* Shows the products this visitor viewed last on a product page. The page
   is the same for everybody; the fragment is personal, so it is fetched
   separately (it also records this view). Without this script the page
   just lacks the list. */
(function () {
  'use strict';
  var box = document.querySelector('[data-recently-viewed]');
  if (!box || !window.fetch) {
    return;
  }
  fetch(box.dataset.recentlyViewed, {credentials: 'same-origin'})
    .then(function (response) {
      return response.ok ? response.text() : '';
    }).then(function (html) {
      if (html.trim()) {
        box.innerHTML = html;
        box.hidden = false;
      }
    }).catch(function () {});
}());

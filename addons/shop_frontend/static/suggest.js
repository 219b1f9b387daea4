/* Suggestions while typing in the header search field, offered as an
   ARIA 1.2 combobox with a listbox: arrow keys move through them, Enter
   opens the chosen product, Escape closes the list. Without this script
   the search form works as a plain form. */
(function () {
  'use strict';
  var form = document.querySelector('form.search[data-suggest]');
  if (!form || !window.fetch) {
    return;
  }
  var input = form.querySelector('input[name="q"]');
  var list = document.createElement('ul');
  var active = -1;
  var timer = null;
  var latest = 0;

  list.id = 'search-suggestions';
  list.className = 'suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', form.dataset.suggestLabel);
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  function options() {
    return list.querySelectorAll('[role="option"]');
  }

  function open(expanded) {
    list.hidden = !expanded;
    input.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    if (!expanded) {
      select(-1);
    }
  }

  function select(index) {
    var items = options();
    active = index;
    items.forEach(function (item, position) {
      item.setAttribute('aria-selected', position === index ? 'true' : 'false');
    });
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', items[index].id);
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function go(item) {
    var url = item.dataset.url;
    // only paths of this shop
    if (url.charAt(0) === '/' && url.charAt(1) !== '/') {
      window.location.assign(url);
    }
  }

  function show(suggestions) {
    list.textContent = '';
    suggestions.forEach(function (suggestion, position) {
      var item = document.createElement('li');
      item.id = 'search-suggestion-' + position;
      item.setAttribute('role', 'option');
      item.dataset.url = suggestion.url;
      item.textContent = suggestion.name;
      item.addEventListener('mousedown', function (event) {
        event.preventDefault();
        go(item);
      });
      list.appendChild(item);
    });
    open(suggestions.length > 0);
  }

  function update() {
    var text = input.value.trim();
    var request = ++latest;
    if (text.length < 2) {
      show([]);
      return;
    }
    fetch(form.dataset.suggest + '?' + new URLSearchParams({q: text}), {
      headers: {Accept: 'application/json'}
    }).then(function (response) {
      return response.ok ? response.json() : {suggestions: []};
    }).then(function (data) {
      if (request === latest) {
        show(data.suggestions);
      }
    }).catch(function () {
      show([]);
    });
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 150);
  });
  input.addEventListener('keydown', function (event) {
    var count = options().length;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      open(true);
      select((active + 1) % count);
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      open(true);
      select(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      event.preventDefault();
      go(options()[active]);
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
        event.preventDefault();
        open(false);
      } else {
        input.value = '';
      }
    }
  });
  input.addEventListener('blur', function () {
    open(false);
  });
}());

/* Makes the product page follow the choice of a variant at once: price,
   base price, availability, delivery time, item number and picture, and
   the address (?variant=CODE) so that reloading or sharing shows the
   variant chosen. Without this script the form still works: the server
   resolves the values chosen to the variant. */
(function () {
  'use strict';
  var form = document.querySelector('[data-variant-form]');
  var data = document.getElementById('variant-data');
  var offer = document.querySelector('[data-offer]');
  if (!form || !data || !offer) {
    return;
  }
  var variants = JSON.parse(data.textContent);
  var selects = Array.prototype.slice.call(
    form.querySelectorAll('select[data-attribute]'));
  var list = form.querySelector('select[data-variant-code]');
  var show = form.querySelector('[data-show-variant]');
  var add = form.querySelector('button.add');
  var status = form.querySelector('.variant-unavailable');
  var image = document.querySelector('.gallery img');
  var defaultImage = image ? image.getAttribute('src') : null;
  if (show) {
    show.hidden = true;
  }

  function chosen(except, value) {
    var values = {};
    selects.forEach(function (select) {
      values[select.dataset.attribute] = select === except ? value
        : select.value;
    });
    return values;
  }

  function find(values) {
    return variants.filter(function (variant) {
      return Object.keys(values).every(function (name) {
        return variant.attributes[name] === values[name];
      });
    })[0] || null;
  }

  function markOptions() {
    var template = status ? status.dataset.optionUnavailable : '%s';
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var exists = find(chosen(select, option.value)) !== null;
        option.textContent = exists ? option.dataset.label
          : template.replace('%s', option.dataset.label);
      });
    });
  }

  function show_(variant) {
    if (status) {
      status.textContent = variant ? '' : status.dataset.unavailable;
    }
    if (add) {
      add.disabled = !variant || !variant.buyable;
    }
    if (!variant) {
      return;
    }
    var content = document.querySelector(
      'template[data-offer-of="' + CSS.escape(variant.code) + '"]');
    if (content) {
      offer.replaceChildren(content.content.cloneNode(true));
    }
    if (image) {
      image.setAttribute('src', variant.image || defaultImage);
    }
    var url = new URL(window.location.href);
    url.searchParams.set('variant', variant.code);
    window.history.replaceState(null, '', url.pathname + url.search);
  }

  function current() {
    if (list) {
      return variants.filter(function (v) {
        return v.code === list.value;
      })[0] || null;
    }
    return find(chosen());
  }

  function update() {
    if (selects.length) {
      markOptions();
    }
    show_(current());
  }

  selects.concat(list ? [list] : []).forEach(function (select) {
    select.addEventListener('change', update);
  });
  if (selects.length) {
    markOptions();
  }
  // the browser may restore a choice other than the one the page shows
  var initial = current();
  if (initial && initial.code !== offer.dataset.selected) {
    show_(initial);
  } else if (add) {
    add.disabled = !initial || !initial.buyable;
  }
}());

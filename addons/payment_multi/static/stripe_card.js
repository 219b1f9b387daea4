// This file is part of the shop suite.  The COPYRIGHT file at the top level
// of this module contains the full copyright notices and license terms.
//
// The card page: Stripe.js collects the card in its own fields and makes a
// token of it; only the token goes to the shop, which confirms the payment.
// A card asking for 3-D Secure is authenticated by Stripe.js; then the
// customer goes back to the shop, which asks Stripe how the payment went.
(function () {
    'use strict';
    const form = document.getElementById('card-form');
    const button = form.querySelector('button[type="submit"]');
    const status = document.getElementById('card-status');
    const alert = document.getElementById('card-error');
    const stripe = Stripe(form.dataset.publishableKey, {
        locale: document.documentElement.lang,
    });
    const card = stripe.elements().create('card', {hidePostalCode: true});
    card.mount('#card-element');
    button.disabled = false;

    function fail(message) {
        status.textContent = '';
        alert.textContent = message || form.dataset.failed;
        button.disabled = false;
    }

    form.addEventListener('submit', async function (event) {
        event.preventDefault();
        button.disabled = true;
        alert.textContent = '';
        status.textContent = form.dataset.processing;
        const result = await stripe.createToken(card);
        if (result.error) {
            fail(result.error.message);
            return;
        }
        let answer;
        try {
            const response = await fetch(form.action, {
                method: 'POST',
                body: new URLSearchParams({token: result.token.id}),
                credentials: 'same-origin',
            });
            if (!response.ok) {
                fail();
                return;
            }
            answer = await response.json();
        } catch (error) {
            fail();
            return;
        }
        if (answer.client_secret) {
            await stripe.confirmCardPayment(answer.client_secret);
        }
        window.location.assign(form.dataset.returnUrl);
    });
}());

# The shop suite: `make demo` serves the German demo shop, `make test` runs
# the whole suite (SQLite; DB=postgresql for PostgreSQL).
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's mail server (demo/mailbox.py)
MAIL_PORT ?= 8025
# The demo's Stripe, localstripe (demo/fake_stripe.py)
STRIPE_PORT ?= 8420
# The demo's PayPal, a local stand-in (demo/paypal_server.py); PayPal's
# sandbox instead: PAYPAL_API_BASE=https://api-m.sandbox.paypal.com with
# the PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID of an app
PAYPAL_PORT ?= 8026
PAYPAL_API_BASE ?= http://$(HOST):$(PAYPAL_PORT)
PAYPAL_CLIENT_ID ?= demo-shop
PAYPAL_WEBHOOK_ID ?= WH-DEMO
DB ?= sqlite
PG_URI ?= postgresql://postgres@127.0.0.1:5432/
SAO_VERSION = 8.0.11
DATABASE = shop
MODULES = shop_frontend shop_crm_ext shop_erp_ext payment_multi
CONFIG = config/trytond.conf
BENCH_PRODUCTS ?= 100000
BENCH_DATABASE = shop_bench_$(BENCH_PRODUCTS)

# Absolute paths: trytond resolves relative ones against the root folder.
export TRYTOND_DATABASE__PATH = $(CURDIR)/var/db
export TRYTOND_WEB__ROOT = $(CURDIR)/var/sao

VENV = .venv
# axe-core, which the browser tests inject to check accessibility
AXE = tests/node_modules/axe-core/axe.min.js
# TinyMCE, the back office's HTML editor, served with Sao under
# /admin/tinymce/ (application.py) instead of from a CDN
TINYMCE = var/sao/tinymce/tinymce.min.js
BIN = $(VENV)/bin
ADMIN_PASSWORD = var/admin-password
SHOP_SECRET = var/shop-secret
SANDBOX_SECRET = var/sandbox-secret
STRIPE_SECRET_FILE = var/stripe-webhook-secret
PAYPAL_SECRET = var/paypal-secret
# The address of the demo's storefront: its links and e-mails start with it
SHOP_URL ?= http://$(HOST):$(PORT)
# The keys the demo's processes share, kept out of the repository
DEMO_ENV = TRYTOND_SHOP_FRONTEND__SECRET=$$(cat $(SHOP_SECRET)) \
	TRYTOND_PAYMENT_MULTI__SANDBOX_SECRET=$$(cat $(SANDBOX_SECRET)) \
	$(STRIPE_ENV) $(PAYPAL_ENV)
# Card payments go to localstripe beside the shop, unless STRIPE_SECRET_KEY,
# STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET name a Stripe test
# account (README: Stripe)
ifdef STRIPE_SECRET_KEY
STRIPE_ENV = TRYTOND_PAYMENT_MULTI__STRIPE_SECRET_KEY=$(STRIPE_SECRET_KEY) \
	TRYTOND_PAYMENT_MULTI__STRIPE_PUBLISHABLE_KEY=$(STRIPE_PUBLISHABLE_KEY) \
	TRYTOND_PAYMENT_MULTI__STRIPE_WEBHOOK_SECRET=$(STRIPE_WEBHOOK_SECRET)
else
STRIPE_ENV = TRYTOND_PAYMENT_MULTI__STRIPE_SECRET_KEY=sk_test_localstripe \
	TRYTOND_PAYMENT_MULTI__STRIPE_PUBLISHABLE_KEY=pk_test_localstripe \
	TRYTOND_PAYMENT_MULTI__STRIPE_API_BASE=http://127.0.0.1:$(STRIPE_PORT) \
	TRYTOND_PAYMENT_MULTI__STRIPE_WEBHOOK_SECRET=$$(cat $(STRIPE_SECRET_FILE))
endif
PAYPAL_ENV = TRYTOND_PAYMENT_MULTI__PAYPAL_CLIENT_ID=$(PAYPAL_CLIENT_ID) \
	TRYTOND_PAYMENT_MULTI__PAYPAL_CLIENT_SECRET=$${PAYPAL_CLIENT_SECRET:-$$(cat $(PAYPAL_SECRET))} \
	TRYTOND_PAYMENT_MULTI__PAYPAL_WEBHOOK_ID=$(PAYPAL_WEBHOOK_ID) \
	TRYTOND_PAYMENT_MULTI__PAYPAL_API_BASE=$(PAYPAL_API_BASE)
ACTIVATED = var/db/.$(DATABASE)-activated
ADDON_FILES = $(wildcard addons/*/tryton.cfg addons/*/*.py addons/*/*.xml \
	addons/*/view/*.xml addons/*/locale/*.po)
# Tests must not depend on the demo's database or configuration.
# SHOP_TEST_DB names the backend the tests must find themselves on.
TEST_ENV = env -u TRYTOND_CONFIG -u TRYTOND_DATABASE__PATH -u TRYTOND_WEB__ROOT \
	PYTHONDONTWRITEBYTECODE=1 SHOP_TEST_DB=$(DB)
ifeq ($(DB),postgresql)
TEST_ENV += TRYTOND_DATABASE__URI=$(PG_URI)
endif
# The module tests activate each module once and copy the result for the
# next test case and scenario (Tryton's DB_CACHE), in a folder named after
# the addons' sources and the requirements: a change builds them anew.
MODULE_CACHE = var/test-cache/$(DB)-$(shell cat requirements.txt \
	$(ADDON_FILES) | sha1sum | cut -c1-12)
# Tryton syncs its caches every [cache] clean_timeout in a transaction of
# its own, which on SQLite's in-memory database shares the test's
# connection and commits what the test did: not during a test run.
PYTEST = $(TEST_ENV) DB_CACHE=$(CURDIR)/$(MODULE_CACHE) \
	TRYTOND_CACHE__CLEAN_TIMEOUT=86400 \
	$(BIN)/python -m pytest -p no:cacheprovider

.PHONY: setup system demo serve lint test test-postgresql test-modules test-suite \
	browser bench clean

setup: system $(VENV)/.installed var/sao/index.html $(TINYMCE) $(AXE)

# Chromium, LibreOffice Writer, wrk, Node.js and npm: installed when run as
# root on Debian, otherwise named
system:
	sh bin/check-system

$(VENV)/.installed: requirements.txt $(wildcard addons/*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Sao, Tryton's web client, is published prebuilt; its index.html loads
# node_modules from its own folder, so its dependencies go there.
var/sao/index.html:
	rm -rf var/sao var/sao-build && mkdir -p var/sao-build
	cd var/sao-build && npm pack --silent tryton-sao@$(SAO_VERSION)
	tar -xzf var/sao-build/tryton-sao-$(SAO_VERSION).tgz -C var/sao-build
	cd var/sao-build/package && npm install --silent --omit=dev \
		--legacy-peer-deps --no-audit --no-fund
	mv var/sao-build/package var/sao && rm -rf var/sao-build

$(TINYMCE): tinymce/package.json tinymce/package-lock.json var/sao/index.html
	cd tinymce && npm ci --silent --no-audit --no-fund
	rm -rf var/sao/tinymce
	cp -r tinymce/node_modules/tinymce var/sao/tinymce
	touch $@

$(AXE): tests/package.json tests/package-lock.json
	cd tests && npm ci --silent --no-audit --no-fund
	touch $@

# The key of the storefront's form tokens and that of the sandbox
# payment provider's signatures, which exists only where it is set; the
# secret localstripe signs its webhooks with, the demo PayPal's password
$(SHOP_SECRET) $(SANDBOX_SECRET) $(STRIPE_SECRET_FILE) $(PAYPAL_SECRET):
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(32))" > $@
	chmod 600 $@

$(ADMIN_PASSWORD):
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > $@
	chmod 600 $@

# Create the database on first use, update it when an addon changed.
$(ACTIVATED): $(VENV)/.installed $(ADMIN_PASSWORD) $(SHOP_SECRET) \
		$(SANDBOX_SECRET) $(STRIPE_SECRET_FILE) $(PAYPAL_SECRET) \
		$(ADDON_FILES)
	mkdir -p var/db
	touch var/db/$(DATABASE).sqlite
	TRYTONPASSFILE=$(ADMIN_PASSWORD) $(DEMO_ENV) $(BIN)/trytond-admin -c $(CONFIG) \
		-d $(DATABASE) -u $(MODULES) --activate-dependencies -l de \
		--email admin@example.com
	touch $@

demo: setup $(ACTIVATED) $(SHOP_SECRET) $(SANDBOX_SECRET) \
		$(STRIPE_SECRET_FILE) $(PAYPAL_SECRET)
	$(DEMO_ENV) $(BIN)/python demo/load.py -c $(CONFIG) -d $(DATABASE) \
		--url $(SHOP_URL)
	@echo
	@echo "  Storefront:   $(SHOP_URL)/  (English: /en/)"
	@echo "  Back office:  $(SHOP_URL)/admin/"
	@echo "                database $(DATABASE), user admin, password $$(cat $(ADMIN_PASSWORD))"
	@echo "  Customer:     erika@example.com / Demo-Kundin-2026!"
	@echo "  Stop with Ctrl-C."
	@echo
	@$(MAKE) --no-print-directory serve

# The demo's mail server, Stripe and PayPal run beside the shop: Ctrl-C
# stops all.
serve: $(SHOP_SECRET) $(SANDBOX_SECRET) $(STRIPE_SECRET_FILE) $(PAYPAL_SECRET)
	$(BIN)/python demo/mailbox.py --port $(MAIL_PORT) --directory var/mail & \
	$(if $(STRIPE_SECRET_KEY),,$(BIN)/python demo/fake_stripe.py \
		--port $(STRIPE_PORT) --webhook-secret-file $(STRIPE_SECRET_FILE) \
		--webhook-url $(SHOP_URL)/admin/$(DATABASE)/payment_multi/webhook/stripe & )\
	PAYPAL_CLIENT_SECRET=$$(cat $(PAYPAL_SECRET)) $(BIN)/python \
		demo/paypal_server.py --host $(HOST) --port $(PAYPAL_PORT) \
		--client-id $(PAYPAL_CLIENT_ID) --webhook-id $(PAYPAL_WEBHOOK_ID) \
		--webhook-url $(SHOP_URL)/admin/$(DATABASE)/payment_multi/webhook/paypal & \
	TRYTOND_EMAIL__URI=smtp://127.0.0.1:$(MAIL_PORT) $(DEMO_ENV) \
	TRYTOND_WEB__LISTEN=$(HOST):$(PORT) exec $(BIN)/trytond \
		-c $(CONFIG) -d $(DATABASE)

# pyflakes and pycodestyle (ruff.toml): a finding fails the tests
lint: $(VENV)/.installed
	$(BIN)/ruff check .

test: setup lint test-modules test-suite

test-postgresql:
	$(MAKE) test DB=postgresql

# pytest runs the ModuleTestCase classes and, through addons/conftest.py,
# the scenario doctests (scenario_*.rst) each addon's test_scenario.py loads.
test-modules:
	find var/test-cache -mindepth 1 -maxdepth 1 -name '$(DB)-*' \
		! -path '$(MODULE_CACHE)' -exec rm -rf {} + 2>/dev/null || true
	$(PYTEST) --pyargs $(foreach m,$(MODULES),trytond.modules.$(m).tests)

test-suite:
	$(PYTEST) tests --db=$(DB) --pg-uri=$(PG_URI)

# The catalogue of 100,000 products on PostgreSQL (created once, reused),
# served by gunicorn, its pages loaded by wrk, then its cart and guest
# checkout by simulated customers: BENCH_PRODUCTS=2000 for a quick run.
bench: setup
	$(BIN)/python bench/generate.py --products $(BENCH_PRODUCTS) \
		--database $(BENCH_DATABASE) --uri $(PG_URI)
	$(BIN)/python bench/pages.py --database $(BENCH_DATABASE) \
		--config var/bench/$(BENCH_DATABASE).conf
	$(BIN)/python bench/checkout.py --database $(BENCH_DATABASE) \
		--config var/bench/$(BENCH_DATABASE).conf

clean:
	rm -rf var $(VENV) .pytest_cache tests/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

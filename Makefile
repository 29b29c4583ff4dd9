# atvidaberg.etjanster: `make start` for the demo portal, `make test` for the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTANCE := instance
HOST ?= 127.0.0.1
PORT ?= 8080
MAIL_PORT ?= 8025
INSTANCES ?= 2
# Zope's time zone, set before Python starts (atvidaberg/etjanster/clock.py says why).
TZ ?= Europe/Stockholm
PIP := $(BIN)/python -m pip
INSTALLED := $(VENV)/.installed

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(BIN)/python constraints.txt requirements.txt setup.py
	$(PIP) install --quiet -c constraints.txt pip setuptools wheel
	$(PIP) install -r requirements.txt
	touch $@

.PHONY: install
install: $(INSTALLED) ## Install everything into .venv, pinned by constraints.txt

.PHONY: instance
instance: $(INSTALLED) ## Render the Zope instance under ./instance (data is kept)
	$(BIN)/etjanster-instance --home $(INSTANCE) --host $(HOST) --port $(PORT)

.PHONY: site
site: instance ## Create the demo site unless it exists
	INSTANCE_HOME=$(INSTANCE) MAIL_PORT=$(MAIL_PORT) $(BIN)/zconsole run $(INSTANCE)/etc/zope.conf src/atvidaberg/etjanster/devserver/create_site.py

.PHONY: start
start: site ## Install, create the demo portal and serve it on http://$(HOST):$(PORT)/Plone
	@echo
	@echo "  Självserviceportalen:  http://$(HOST):$(PORT)/Plone"
	@echo "  Demo accounts (user / password):"
	@echo "    admin / admin                      Manager"
	@echo "    kommunikator / kommunikator-demo   communicator (Kommunikatorer)"
	@echo "    medarbetare / medarbetare-demo     employee (Medarbetare)"
	@echo "    fortroendevald / fortroendevald-demo  elected official (Fortroendevalda)"
	@echo "    handlaggare / handlaggare-demo     case officer, Samhällsbyggnadsförvaltningen"
	@echo "    handlaggare-skola / handlaggare-skola-demo  case officer, Barn- och utbildning"
	@echo "    skyddad-handlaggare / skyddad-demo cases of residents with protected identity"
	@echo "    registrator / registrator-demo     registrar (all but protected cases)"
	@echo "  Residents log in with simulated e-legitimation as the fixture persons in"
	@echo "  docs/fixture-persons.md, e.g. Anna Andersson 198001019820."
	@echo "  E-mail goes to a local SMTP sink: instance/var/mail/*.eml"
	@echo "  Stop with Ctrl+C."
	@echo
	@$(BIN)/etjanster-simulators --home $(INSTANCE) & simulators=$$!; \
	  $(BIN)/etjanster-mailsink --home $(INSTANCE) --port $(MAIL_PORT) & mailsink=$$!; \
	  trap 'kill $$simulators $$mailsink 2>/dev/null' EXIT INT TERM; \
	  TZ=$(TZ) $(BIN)/runwsgi $(INSTANCE)/etc/zope.ini

.PHONY: cluster
cluster: $(INSTALLED) ## The production shape: PostgreSQL, $(INSTANCES) Zope instances, HAProxy, Varnish on $(PORT)
	$(BIN)/python -c "import relstorage, psycopg2" 2>/dev/null || $(PIP) install -c constraints.txt -e ".[cluster]"
	$(BIN)/python -m atvidaberg.etjanster.devserver.cluster --home $(INSTANCE) --host $(HOST) --port $(PORT) --instances $(INSTANCES) --mail-port $(MAIL_PORT)

# The cluster's database (INSTANCE's), or any PostgreSQL with DSN="host=... dbname=zodb user=...".
DATABASE = $(if $(DSN),--dsn "$(DSN)",--home $(INSTANCE))
BACKUP_MODULE := $(BIN)/python -m atvidaberg.etjanster.devserver.backup

.PHONY: backup
backup: $(INSTALLED) ## Back up the cluster's database, blobs included, to BACKUP (default backups/zodb-TIME.dump)
	$(BACKUP_MODULE) backup $(DATABASE) $(if $(BACKUP),--output "$(BACKUP)")

.PHONY: restore
restore: $(INSTALLED) ## Restore BACKUP into a fresh cluster: make restore BACKUP=file INSTANCE=new-home
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/zodb-TIME.dump INSTANCE=new-home"; exit 2; }
	$(BACKUP_MODULE) restore "$(BACKUP)" $(DATABASE)

.PHONY: pack
pack: $(INSTALLED) ## Pack the cluster's database (unreachable objects go); the portal may keep running
	$(BACKUP_MODULE) pack $(DATABASE)

.PHONY: test
test: $(INSTALLED) ## Run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: bench
bench: $(INSTALLED) ## Run every benchmark, each ratio beside its goal; fails on a miss (over an hour)
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

.PHONY: bench-queue
bench-queue: $(INSTALLED) ## Benchmark Mina sidor and the queue at 1,000 and 100,000 cases (long)
	$(BIN)/python bench/case_listings.py $(BENCH_ARGS)

.PHONY: bench-pages
bench-pages: $(INSTALLED) ## Benchmark the anonymous pages and REST against plain Plone, uncached (three minutes)
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

.PHONY: bench-cache
bench-cache: $(INSTALLED) ## Benchmark the anonymous pages through Varnish against uncached (two minutes)
	$(BIN)/python bench/cache.py $(BENCH_ARGS)

.PHONY: bench-eid
bench-eid: $(INSTALLED) ## Benchmark @eid/collect against a plain Document (two minutes)
	$(BIN)/python bench/eid_collect.py $(BENCH_ARGS)

.PHONY: bench-submissions
bench-submissions: $(INSTALLED) ## Submissions per second on PostgreSQL, one and two instances (needs make cluster's binaries; five minutes)
	$(BIN)/python -c "import relstorage, psycopg2" 2>/dev/null || $(PIP) install -c constraints.txt -e ".[cluster]"
	$(BIN)/python bench/submissions.py $(BENCH_ARGS)

.PHONY: lint
lint: $(INSTALLED) ## Check code style (ruff, zpretty)
	$(BIN)/ruff check src tests bench docs scripts
	$(BIN)/ruff format --check src tests bench docs scripts
	find src -name '*.zcml' -o -name '*.xml' | grep -v '/locales/' | xargs $(BIN)/zpretty --check

.PHONY: format
format: $(INSTALLED) ## Fix code style
	$(BIN)/ruff check --fix src tests bench docs scripts
	$(BIN)/ruff format src tests bench docs scripts
	find src -name '*.zcml' -o -name '*.xml' | grep -v '/locales/' | xargs $(BIN)/zpretty -i

.PHONY: docs
docs: $(INSTALLED) ## Build the manual in docs/_build (warnings are errors)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

.PHONY: i18n
i18n: $(INSTALLED) ## Update the message catalogs from the code
	bash scripts/update_locales.sh

.PHONY: constraints
constraints: ## Re-resolve and pin every package, then regenerate versions.cfg
	bash scripts/update_constraints.sh

.PHONY: versions
versions: ## Regenerate versions.cfg (buildout) from constraints.txt
	$(PYTHON) scripts/versions_from_constraints.py

.PHONY: check-buildout
check-buildout: ## Build an instance with buildout.cfg in a temporary copy (uses PyPI)
	bash scripts/check_buildout.sh

.PHONY: clean
clean: ## Remove the virtual environment (keeps the instance and its data)
	rm -rf $(VENV) docs/_build
